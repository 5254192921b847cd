// Regenerates examples/logs/*.log: copies the sample project to a temp dir, applies each variant's edits,
// runs the real CI tools on the copy and keeps their real output. The committed sample project is never edited.
// Run from the toolkit root: ./node_modules/.bin/bun examples/regenerate-logs.ts [--out DIR]
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type JobResult, type JobSetup, runCiJob } from "./lib/ci-job.ts";
import { type ResettingRegistry, startResettingRegistry } from "./lib/resetting-registry.ts";
import { type Variant, applyVariant, loadVariants } from "./lib/variants.ts";

const EXAMPLES_DIR = import.meta.dir;
const TOOLKIT_NODE_MODULES = resolve(EXAMPLES_DIR, "..", "node_modules");
const SAMPLE_PROJECT = join(EXAMPLES_DIR, "sample-project");

const HEALTHY: Variant = {
  name: "healthy",
  description: "the committed sample project, unchanged",
  steps: ["typecheck", "test"],
  maxAttempts: 1,
  expected: { category: "none", retryable: false },
  edits: [],
};

interface Workspace {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly registry: ResettingRegistry;
}

async function openWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "cfo-examples-"));
  // Empty npm config files, so nothing from this machine's npmrc (mirrors, tokens) shapes the logs.
  const userNpmrc = join(dir, "user-npmrc");
  const globalNpmrc = join(dir, "global-npmrc");
  await Promise.all([writeFile(userNpmrc, ""), writeFile(globalNpmrc, "")]);
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    CI: "true",
    TZ: "UTC",
    npm_config_userconfig: userNpmrc,
    npm_config_globalconfig: globalNpmrc,
  };
  return { dir, env, registry: await startResettingRegistry() };
}

/** A fresh copy of the sample project with the variant applied; `typecheck` and `test` use the toolkit's tsc and bun through a link. */
async function prepareProject(workspace: Workspace, variant: Variant): Promise<JobSetup> {
  // The copy's folder keeps the sample's name so paths in stack traces end like the committed files'.
  const projectDir = join(workspace.dir, variant.name, "sample-project");
  await cp(SAMPLE_PROJECT, projectDir, { recursive: true, filter: (source) => basename(source) !== "node_modules" });
  if (!variant.steps.includes("install")) await symlink(TOOLKIT_NODE_MODULES, join(projectDir, "node_modules"));
  await applyVariant(projectDir, variant);
  return {
    projectDir,
    env: workspace.env,
    registryUrl: workspace.registry.url,
    npmCacheDir: join(workspace.dir, variant.name, "npm-cache"),
  };
}

interface Reproduction extends JobResult {
  readonly attempts: number;
}

/** Runs the variant's CI job until it fails (a flaky failure may need several attempts), keeping the failing run's log. */
async function reproduceFailure(workspace: Workspace, variant: Variant, logFile: string): Promise<Reproduction> {
  const setup = await prepareProject(workspace, variant);
  const attemptLog = join(workspace.dir, variant.name, "attempt.log");
  const resetsBefore = workspace.registry.resets();
  for (let attempt = 1; attempt <= variant.maxAttempts; attempt++) {
    const result = await runCiJob(variant.steps, setup, attemptLog);
    if (result.exitCode === 0) continue;
    if (result.failedStep === "install" && workspace.registry.resets() === resetsBefore) {
      throw new Error(`variant ${variant.name}: npm failed without reaching the loopback registry; see ${attemptLog}`);
    }
    await copyFile(attemptLog, logFile);
    return { ...result, attempts: attempt };
  }
  throw new Error(`variant ${variant.name} passed ${variant.maxAttempts} times in a row; its edits no longer break the build`);
}

async function describeLog(logFile: string): Promise<string> {
  const text = await readFile(logFile, "utf8");
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  return `${logFile}: ${lines} lines, ${Buffer.byteLength(text)} bytes`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string", default: join(EXAMPLES_DIR, "logs") } } });
  const logsDir = resolve(values.out);
  const startedAt = performance.now();
  await mkdir(logsDir, { recursive: true });
  const workspace = await openWorkspace();
  try {
    const healthyLog = join(logsDir, "healthy.log");
    const healthy = await runCiJob(HEALTHY.steps, await prepareProject(workspace, HEALTHY), healthyLog);
    if (healthy.exitCode !== 0) throw new Error(`the committed sample project fails its own CI at ${healthy.failedStep}; see ${healthyLog}`);
    console.log(`healthy: passed ${HEALTHY.steps.join(" + ")}; ${await describeLog(healthyLog)}`);

    for (const variant of await loadVariants(join(EXAMPLES_DIR, "variants"))) {
      const logFile = join(logsDir, `${variant.name}.log`);
      const result = await reproduceFailure(workspace, variant, logFile);
      console.log(
        `${variant.name}: ${result.failedStep} failed with exit code ${result.exitCode} on attempt ${result.attempts} of ${variant.maxAttempts}; ${await describeLog(logFile)}`,
      );
    }
    console.log(`loopback registry reset ${workspace.registry.resets()} connections; total ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  } finally {
    await workspace.registry.close();
    await rm(workspace.dir, { recursive: true, force: true });
  }
}

await main();
