// The same cases without the failing change's history: each repo becomes one commit of its broken tree, so the
// diff and recency signals say nothing and only the log (paths, symbols, imports, words) can find the fix file.
// Run: bun bench/cases/context/flatten.ts CASES.jsonl   -> CASES.flat.jsonl beside it, repos in cases/<id>/flat/
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gitEnv } from "./tree.ts";

function sh(command: string, cwd: string): void {
  const run = Bun.spawnSync(["sh", "-c", command], { cwd, env: { ...process.env, ...gitEnv }, stderr: "pipe" });
  if (run.exitCode !== 0) throw new Error(`${command} (in ${cwd}) exited ${run.exitCode}: ${run.stderr.toString()}`);
}

const [casesArg] = process.argv.slice(2);
if (!casesArg) {
  process.stderr.write("usage: bun bench/cases/context/flatten.ts CASES.jsonl\n");
  process.exit(2);
}
const casesFile = resolve(casesArg);
const base = dirname(casesFile);
const lines = readFileSync(casesFile, "utf8").split("\n").filter((line) => line.trim());
const flat = lines.map((line) => {
  const entry = JSON.parse(line) as { id: string; repo: string };
  const repo = `cases/${entry.id}/flat`;
  const target = join(base, repo);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  sh(`git -C '${resolve(base, entry.repo)}' archive HEAD | tar x -C '${target}'`, base);
  sh("git init -q -b main && git add -A && git commit -q -m 'Import sources'", target);
  return JSON.stringify({ ...entry, repo });
});
const output = casesFile.replace(/\.jsonl$/, ".flat.jsonl");
writeFileSync(output, flat.join("\n") + "\n");
console.log(`${flat.length} cases with one commit each -> ${output}`);
