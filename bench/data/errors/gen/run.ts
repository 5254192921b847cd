// Runs one Case in its own directory and turns the real output into a dev-set Item (or a reason to drop it).
import { mkdirSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Case, Item } from "./types.ts";

const MIN_LINES = 3;
const DEFAULT_MAX_LINES = 40;

async function sh(script: string, cwd: string, env: Record<string, string>, limitSeconds: number) {
  // timeout(1) kills the whole process group, so a tool's children cannot keep the pipe open
  const argv = ["timeout", "-s", "KILL", String(limitSeconds), "bash", "-c", `{ ${script}\n} 2>&1`];
  const proc = Bun.spawn(argv, { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  return { out, code };
}

/** Keeps a contiguous window of the output's lines; never changes a line. */
export function window(output: string, from: RegExp | undefined, max: number): string[] {
  const lines = output.replace(/\n+$/, "").split("\n");
  const start = from ? lines.findIndex((line) => from.test(line)) : Math.max(0, lines.length - max);
  if (start < 0) return [];
  return lines.slice(start, start + max);
}

function hasBinary(name: string): boolean {
  return Bun.which(name) !== null;
}

export async function runCase(c: Case, root: string, baseEnv: Record<string, string>, loop: string): Promise<Item | string> {
  const missing = (c.needs ?? []).filter((bin) => !hasBinary(bin));
  if (missing.length > 0) return `skipped: missing ${missing.join(", ")}`;
  const dir = join(root, c.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  for (const [name, text] of Object.entries(c.files ?? {})) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text.replaceAll("{{LOOP}}", loop));
  }
  const limit = c.limit ?? 120;
  const env = { ...baseEnv, LOOP: loop };
  if (c.setup) await sh(c.setup, dir, env, limit);
  const script = c.user ? `runuser -u ${c.user} -- bash -c ${JSON.stringify(c.command)}` : c.command;
  const { out, code } = await sh(script, dir, env, limit);
  if (c.teardown) await sh(c.teardown, dir, env, limit);
  if (code === 0) return "dropped: command succeeded";
  if (!c.expect.test(out)) return `dropped: output lacks ${c.expect}\n${out.slice(-600)}`;
  const lines = window(out, c.from, c.max ?? DEFAULT_MAX_LINES);
  if (lines.length < MIN_LINES) return `dropped: ${lines.length} lines in window\n${out.slice(-600)}`;
  return {
    id: c.id, source: `generated: ${c.command}`, tool: c.tool, category: c.category,
    retryable: c.retryable, excerpt: lines.join("\n"), why: c.why,
  };
}
