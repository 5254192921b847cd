// `feedback_optimizer --report` over a store of 100,000 feedback items, 10,000 fix attempts and
// 50,000 test results spread over 30 days, against the same script's startup (--check) measured in
// the same run. Target: under 1 s end to end. Also times --report --json and --cleanup.
// Run: bun bench/feedback_report.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FeedbackDatabase } from "../scripts/feedback_optimizer.ts";
import { loadConfig } from "../scripts/lib/config/load.ts";
import type { SqlParam, Store } from "../scripts/lib/storage/store.ts";
import { machineLoad, measure, row, verdict } from "./feedback_measure.ts";

const ITEMS = 100_000;
const ATTEMPTS = 10_000;
const TEST_RESULTS = 50_000;
const RUNS = 5;
const DAY_MS = 86_400_000;
const CATEGORIES = ["syntax", "dependency", "configuration", "runtime", "test", "network", "permission", "timeout", "system", "unknown"];
const script = resolve(import.meta.dir, "../scripts/feedback_optimizer.ts");

/** A deterministic generator, so every run measures the same store. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function insertRows(store: Store, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  const perStatement = Math.floor(900 / columns.length);
  await store.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
      await tx.run(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values}`, chunk.flat());
    }
  });
}

async function seed(work: string): Promise<void> {
  const random = lcg(42);
  const now = Date.now();
  const database = await FeedbackDatabase.open(await loadConfig({ projectRoot: work, env: { CFO_CACHE_DIR: join(work, "cache") } }));
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)]!;
  const fingerprints = Array.from({ length: 2_000 }, (_, index) => `fp${index.toString(16).padStart(14, "0")}`);
  await insertRows(
    database.store, "feedback_items",
    ["id", "created_at", "origin", "type", "source", "severity", "message", "workflow_id", "run_id", "fingerprint", "category", "commit_sha"],
    Array.from({ length: ITEMS }, (_, index) => {
      const fingerprint = pick(fingerprints);
      return [`fb_item${index}`, now - Math.floor(random() * 30 * DAY_MS), pick(["analysis", "junit", "manual"]), "error", "ci", 0.7,
        `error ${fingerprint}: something failed in module ${index % 97}`, pick(["ci", "e2e", "nightly"]), String(index % 5_000), fingerprint, pick(CATEGORIES), `c${index % 3_000}`];
    }),
  );
  await insertRows(
    database.store, "fix_attempts",
    ["id", "workflow_id", "run_id", "attempt", "strategy", "outcome", "fingerprint", "category", "started_at", "finished_at", "job"],
    Array.from({ length: ATTEMPTS }, (_, index) => {
      const started = now - Math.floor(random() * 30 * DAY_MS);
      const outcome = pick(["passed", "failed", "failed", "abandoned"]);
      return [`fb_att${index}`, pick(["ci", "e2e"]), String(index % 4_000), 1 + (index % 3), pick(["retry", "retry", "ai_fix"]), outcome,
        pick(fingerprints), pick(CATEGORIES), started, started + Math.floor(random() * 600_000), pick(["build", "test", "e2e"])];
    }),
  );
  await insertRows(
    database.store, "test_results",
    ["test_fingerprint", "test_name", "commit_sha", "ingestion_key", "passed", "created_at"],
    Array.from({ length: TEST_RESULTS }, (_, index) => [`t${index % 5_000}`, `suite > test ${index % 5_000}`, `c${Math.floor(index / 5_000)}`, `k${Math.floor(index / 5_000)}`, random() < 0.97 ? 1 : 0, now - Math.floor(random() * 30 * DAY_MS)]),
  );
  database.close();
}

if (process.argv[2] === "--seed") {
  await seed(process.argv[3]!);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "cfo-bench-report-"));
try {
  const seedStarted = performance.now();
  // Seeding runs in its own process: a child's peak RSS would otherwise include this process's seed arrays.
  const seeder = Bun.spawnSync([process.execPath, import.meta.path, "--seed", work], { stderr: "inherit" });
  if (seeder.exitCode !== 0) throw new Error("seeding failed");
  console.log(`store: ${ITEMS} items, ${ATTEMPTS} fix attempts, ${TEST_RESULTS} test results over 30 days (seeded in ${(performance.now() - seedStarted).toFixed(0)} ms)`);
  const env = { CFO_CACHE_DIR: join(work, "cache") };
  const base = [process.execPath, script, "--project-root", work];
  const startup = await measure([...base, "--check"], { runs: RUNS, env });
  const report = await measure([...base, "--report", "--days", "30"], { runs: RUNS, env });
  const json = await measure([...base, "--report", "--days", "30", "--json"], { runs: RUNS, env });
  const cleanup = await measure([...base, "--cleanup"], { runs: 1, env });
  console.log(`machine: ${machineLoad()}`);
  console.log(row("startup peer (--check)", startup));
  console.log(row("--report --days 30", report));
  console.log(row("--report --days 30 --json", json));
  console.log(row("--cleanup (aggregate + compact)", cleanup));
  console.log(`report beyond startup: ${(report.medianMs - startup.medianMs).toFixed(0)} ms wall, ${(report.medianCpuMs - startup.medianCpuMs).toFixed(0)} ms CPU; ratio to startup ${(report.medianMs / startup.medianMs).toFixed(2)}x wall`);
  console.log(`target < 1000 ms: wall median ${verdict(report.medianMs)}, wall min ${verdict(report.minMs)}, CPU ${verdict(report.medianCpuMs)}`);
} finally {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
}
