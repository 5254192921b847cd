// Builds context_manager's recall cases: pinned npm packages -> pristine git trees -> one repo per planted bug,
// the real tool's failing output as its log, and bench/.work/context/cases.jsonl (the npm set) or <set>.jsonl.
// Run: bun bench/cases/context/build.ts [--set npm|languages] [ID...]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { packageSets } from "./packages/index.ts";
import { type BugCase, defaultBudget, type PackageSpec } from "./spec.ts";
import { capture, toolRun } from "./tools.ts";
import { cloneWithBug, fetchTarball, preparePristine } from "./tree.ts";

const here = import.meta.dir;
const projectRoot = resolve(here, "../../..");
const work = join(projectRoot, "bench/.work/context");
const concurrency = 2;

interface CaseLine {
  id: string;
  repo: string;
  log: string;
  fixFiles: string[];
  budget: number;
  package: string;
  tool: BugCase["tool"];
  exitCode: number;
  /** How many fixFiles the log names by their repo-relative path. */
  fixFilesNamed: number;
  diffFiles: number;
}

async function pool<T, R>(items: T[], width: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await job(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

/** The pristine tree must pass every command its cases use, or a case's failure would not be the planted bug's. */
async function checkPristine(spec: PackageSpec, pristine: string): Promise<void> {
  const runs = new Map(spec.cases.map((c) => toolRun(c, projectRoot)).map((run) => [run.shown, run]));
  for (const run of runs.values()) {
    const result = await capture(run, pristine, spec);
    if (result.exitCode !== 0) throw new Error(`pristine ${spec.slug} fails \`${run.shown}\`:\n${result.log}`);
  }
}

async function buildCase(spec: PackageSpec, bug: BugCase, pristine: string): Promise<CaseLine> {
  const dir = join(work, "cases", bug.id);
  const repo = join(dir, "repo");
  cloneWithBug(pristine, repo, [...bug.edits, ...(bug.noise ?? [])]);
  const result = await capture(toolRun(bug, projectRoot), repo, spec);
  writeFileSync(join(dir, "failure.log"), result.log);
  const fixFiles = [...new Set(bug.edits.map((e) => e.file))];
  const problems = [
    result.exitCode === 0 ? "tool exited 0" : "",
    result.log.includes(bug.expect) ? "" : `log lacks ${JSON.stringify(bug.expect)}`,
    ...fixFiles.filter((f) => !existsSync(join(repo, f))).map((f) => `missing fix file ${f}`),
  ].filter(Boolean);
  if (problems.length) throw new Error(`case ${bug.id}: ${problems.join("; ")}\n${result.log.slice(0, 3000)}`);
  return {
    id: bug.id,
    repo: `cases/${bug.id}/repo`,
    log: `cases/${bug.id}/failure.log`,
    fixFiles,
    budget: bug.budget ?? defaultBudget,
    package: `${spec.name}@${spec.version}`,
    tool: bug.tool,
    exitCode: result.exitCode,
    fixFilesNamed: fixFiles.filter((f) => result.log.includes(f)).length,
    diffFiles: new Set([...bug.edits, ...(bug.noise ?? [])].map((e) => e.file)).size,
  };
}

async function main(set: string, only: string[]): Promise<void> {
  const packages = packageSets[set];
  if (!packages) throw new Error(`unknown set ${set}; sets: ${Object.keys(packageSets).join(", ")}`);
  const output = join(work, set === "npm" ? "cases.jsonl" : `${set}.jsonl`);
  const started = performance.now();
  mkdirSync(work, { recursive: true });
  const lines: CaseLine[] = [];
  const failures: string[] = [];
  for (const spec of packages) {
    const cases = spec.cases.filter((c) => only.length === 0 || only.includes(c.id));
    if (cases.length === 0) continue;
    const pristine = join(work, "pristine", spec.slug);
    preparePristine(spec, fetchTarball(spec, work), join(here, "suites"), pristine);
    await checkPristine({ ...spec, cases }, pristine);
    const built = await pool(cases, concurrency, (bug) =>
      buildCase(spec, bug, pristine).catch((error: Error) => {
        failures.push(error.message);
        return undefined;
      }),
    );
    for (const line of built) if (line) lines.push(line);
    console.log(`${spec.name}@${spec.version}: ${built.filter(Boolean).length}/${cases.length} cases`);
  }
  writeFileSync(output, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const named = lines.filter((l) => l.fixFilesNamed === l.fixFiles.length).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${lines.length} cases (${named} logs name every fix file, ${lines.length - named} do not) in ${seconds} s -> ${output}`);
  if (failures.length) {
    console.error(failures.join("\n\n"));
    process.exit(1);
  }
}

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { set: { type: "string", default: "npm" } } });
await main(values.set!, positionals);
