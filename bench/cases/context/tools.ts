// Runs the real tool of a case (tsc, bun test, node; pytest, mypy; go test/build; cargo test/build) in a repo and turns its
// output into a CI-style log.
import { realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BugCase, PackageSpec } from "./spec.ts";

export interface ToolRun {
  /** The command as a CI step would print it. */
  shown: string;
  argv: string[];
  /** Variables the tool needs beyond PATH and HOME. */
  env?: Record<string, string>;
  /** Build output folders the tool writes into the repo (ignored by its .gitignore), removed after the run. */
  outputs?: string[];
}

// Debian's interpreter, where `apt` put pytest and mypy (a pyenv or venv python earlier on PATH lacks them).
const python = "/usr/bin/python3";
// Nothing written into the case repo: no bytecode, no pytest or mypy caches (they would be files to rank).
const pythonEnv = { PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: "src" };

/** Go offline: modules only from the tree (the trees have no dependencies), caches under bench/.work. */
function goEnv(projectRoot: string): Record<string, string> {
  const work = join(projectRoot, "bench/.work/context");
  return { GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local", GO111MODULE: "on", GOCACHE: join(work, "gocache"), GOPATH: join(work, "gopath") };
}

/** Debian's cargo and rustc (a rustup toolchain earlier on PATH would be another compiler), offline, registry under bench/.work. */
function cargoRun(command: "test" | "build", projectRoot: string): ToolRun {
  const env = { RUSTC: "/usr/bin/rustc", RUSTDOC: "/usr/bin/rustdoc", CARGO_HOME: join(projectRoot, "bench/.work/context/cargo-home"), CARGO_NET_OFFLINE: "true", CARGO_TERM_COLOR: "never" };
  return { shown: `cargo ${command}`, argv: ["/usr/bin/cargo", command, "--offline"], env, outputs: ["target"] };
}

export function toolRun(bug: Pick<BugCase, "tool" | "args">, projectRoot: string): ToolRun {
  switch (bug.tool) {
    case "pytest":
      return { shown: "python -m pytest tests", argv: [python, "-m", "pytest", "-p", "no:cacheprovider", "tests"], env: pythonEnv };
    case "mypy":
      return { shown: "mypy src", argv: [python, "-m", "mypy", "--cache-dir=/dev/null", "src"], env: pythonEnv };
    case "go-test": {
      // -count=1: a fresh CI runner has no test cache; with the shared GOCACHE a rebuild would print "(cached)".
      const flags = bug.args ?? [];
      return { shown: ["go test", ...flags, "./..."].join(" "), argv: ["go", "test", "-count=1", ...flags, "./..."], env: goEnv(projectRoot) };
    }
    case "go-build":
      return { shown: "go build ./...", argv: ["go", "build", "./..."], env: goEnv(projectRoot) };
    case "cargo-test":
      return cargoRun("test", projectRoot);
    case "cargo-build":
      return cargoRun("build", projectRoot);
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
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", FORCE_COLOR: "0", TERM: "dumb", ...run.env },
    stdout: "pipe",
  });
  const output = await new Response(child.stdout).text();
  const exitCode = await child.exited;
  for (const output of run.outputs ?? []) rmSync(join(repo, output), { recursive: true, force: true });
  return { exitCode, log: `$ ${run.shown}\n${asCiPaths(output, repo, spec.slug)}` };
}

/** Absolute paths become those of a CI checkout, so logs do not depend on where the cases were built. */
function asCiPaths(output: string, repo: string, slug: string): string {
  const ciRoot = `/home/runner/work/${slug}/${slug}`;
  let text = output;
  for (const root of new Set([realpathSync(repo), repo])) text = text.replaceAll(root, ciRoot);
  return text;
}
