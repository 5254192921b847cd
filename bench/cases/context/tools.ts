// Runs the real tool of a case (tsc, bun test, node) in a repo and turns its output into a CI-style log.
import { realpathSync } from "node:fs";
import { join } from "node:path";
import type { BugCase, PackageSpec } from "./spec.ts";

export interface ToolRun {
  /** The command as a CI step would print it. */
  shown: string;
  argv: string[];
}

export function toolRun(bug: Pick<BugCase, "tool" | "args">, projectRoot: string): ToolRun {
  switch (bug.tool) {
    case "tsc":
      return { shown: "tsc --noEmit -p tsconfig.json", argv: [join(projectRoot, "node_modules/.bin/tsc"), "--noEmit", "-p", "tsconfig.json"] };
    case "bun-test":
      return { shown: "bun test ./test/", argv: [process.execPath, "test", "./test/"] };
    case "node":
      if (!bug.args?.length) throw new Error("a node case needs args");
      return { shown: `node ${bug.args.join(" ")}`, argv: ["node", ...bug.args] };
  }
}

export interface Captured {
  exitCode: number;
  log: string;
}

/** Run with stdout and stderr interleaved as a CI console shows them; no colours. */
export async function capture(run: ToolRun, repo: string, spec: PackageSpec): Promise<Captured> {
  const quoted = run.argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const child = Bun.spawn(["sh", "-c", `${quoted} 2>&1`], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", FORCE_COLOR: "0", TERM: "dumb" },
    stdout: "pipe",
  });
  const output = await new Response(child.stdout).text();
  const exitCode = await child.exited;
  return { exitCode, log: `$ ${run.shown}\n${asCiPaths(output, repo, spec.slug)}` };
}

/** Absolute paths become those of a CI checkout, so logs do not depend on where the cases were built. */
function asCiPaths(output: string, repo: string, slug: string): string {
  const ciRoot = `/home/runner/work/${slug}/${slug}`;
  let text = output;
  for (const root of new Set([realpathSync(repo), repo])) text = text.replaceAll(root, ciRoot);
  return text;
}
