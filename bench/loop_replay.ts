// Replays a stream of CI failures through the learning loop and through a fixed policy ("retry
// everything up to 3 times") and compares them. Failures are the dev set's real excerpts
// (bench/data/errors/devset.jsonl); whether a retry passes is drawn from each excerpt's `retryable`
// label with a seeded RNG (retryable: a retry passes with p = 0.8; not retryable: a retry never
// passes), and both policies see the same draws. The loop is error_parser's analyzeLog (its
// RetryManager reading feedback's learned evidence) with every retry's outcome recorded through
// recordAttempt, so later decisions learn from earlier outcomes.
// The same analyses without the feedback store are a third column, to separate what learning adds.
// Run: bun bench/loop_replay.ts [--episodes N] [--seed S]

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { analyzeLog } from "../scripts/error_parser.ts";
import { openFeedbackLearning, recordAttempt } from "../scripts/feedback_optimizer.ts";
import { loadConfig } from "../scripts/lib/config/load.ts";

/** Time model: one CI run, and the fix a failure needs when retrying does not turn it green. */
const RUN_MINUTES = 5;
const FIX_MINUTES = 30;
const FIXED_RETRIES = 3;
const RETRY_PASS_PROBABILITY = 0.8;

interface DevCase {
  id: string;
  category: string;
  retryable: boolean;
  excerpt: string;
}

interface Tally {
  episodes: number;
  retries: number;
  retriesPassed: number;
  /** Retries of failures labelled not retryable: they cannot pass. */
  wastedRetries: number;
  /** Retryable failures left red without a retry that would have passed. */
  missedRecoveries: number;
  minutesToGreen: number;
}

const { values } = parseArgs({ options: { episodes: { type: "string", default: "1000" }, seed: { type: "string", default: "7" } } });
const episodes = Number(values.episodes);
const cases = readFileSync(resolve(import.meta.dir, "data/errors/devset.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as DevCase);

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(Number(values.seed));
const stream = Array.from({ length: episodes }, () => ({
  failure: cases[Math.floor(random() * cases.length)]!,
  draws: Array.from({ length: FIXED_RETRIES }, () => random()),
}));
const retryPasses = (failure: DevCase, draw: number) => failure.retryable && draw < RETRY_PASS_PROBABILITY;
const emptyTally = (): Tally => ({ episodes: 0, retries: 0, retriesPassed: 0, wastedRetries: 0, missedRecoveries: 0, minutesToGreen: 0 });

function fixedPolicy(): Tally {
  const tally = emptyTally();
  for (const { failure, draws } of stream) {
    tally.episodes++;
    let green = false;
    for (const draw of draws) {
      tally.retries++;
      tally.minutesToGreen += RUN_MINUTES;
      if (!failure.retryable) tally.wastedRetries++;
      if (retryPasses(failure, draw)) {
        tally.retriesPassed++;
        green = true;
        break;
      }
    }
    if (!green) tally.minutesToGreen += FIX_MINUTES + RUN_MINUTES;
  }
  return tally;
}

/** error_parser's retry decisions over the stream; with `learn`, fed by and feeding the feedback store. */
interface LoopRun {
  total: Tally;
  halves: [Tally, Tally];
  decidedBy: Record<string, number>;
  /** Retries made per failure, to compare the two loops failure by failure. */
  retriesPerFailure: number[];
  ms: number;
}

async function analyzerLoop(work: string, learn: boolean): Promise<LoopRun> {
  const loaded = await loadConfig({ projectRoot: work, env: { CFO_CACHE_DIR: join(work, learn ? "cache-learning" : "cache-static") } });
  const learning = learn ? await openFeedbackLearning(loaded) : undefined;
  const total = emptyTally();
  const halves: [Tally, Tally] = [emptyTally(), emptyTally()];
  const decidedBy: Record<string, number> = {};
  const retriesPerFailure: number[] = [];
  const started = performance.now();
  try {
    for (const [index, { failure, draws }] of stream.entries()) {
      const tallies = [total, halves[index < episodes / 2 ? 0 : 1]];
      const add = (key: keyof Tally, by = 1) => tallies.forEach((tally) => (tally[key] += by));
      add("episodes");
      let green = false;
      let retried = false;
      for (let retryCount = 0; retryCount < FIXED_RETRIES && !green; retryCount++) {
        // A log per run (its first line names the run) so the analysis cache never answers for another run.
        const logPath = join(work, "run.log");
        writeFileSync(logPath, `Run replay-${index} attempt ${retryCount + 1}\n${failure.excerpt}\n`);
        const analysis = await analyzeLog(loaded, { logPath, retryCount, workflowId: "replay", ...(learning ? { learning } : {}) });
        decidedBy[analysis.retry.decidedBy] = (decidedBy[analysis.retry.decidedBy] ?? 0) + 1;
        if (!analysis.retry.recommended) break;
        retried = true;
        const passed = retryPasses(failure, draws[retryCount]!);
        add("retries");
        retriesPerFailure[index] = (retriesPerFailure[index] ?? 0) + 1;
        add("minutesToGreen", analysis.retry.delaySeconds / 60 + RUN_MINUTES);
        if (!failure.retryable) add("wastedRetries");
        if (passed) add("retriesPassed");
        green = passed;
        const primary = analysis.summary.primaryError === null ? undefined : analysis.errors[analysis.summary.primaryError];
        if (learn) await recordAttempt(loaded, {
          workflowId: "replay", runId: String(index), attempt: retryCount + 1, strategy: "retry", outcome: passed ? "passed" : "failed",
          category: analysis.summary.category, ...(primary ? { fingerprint: primary.fingerprint } : {}),
        });
      }
      if (!retried && failure.retryable && draws.some((draw) => retryPasses(failure, draw))) add("missedRecoveries");
      if (!green) add("minutesToGreen", FIX_MINUTES + RUN_MINUTES);
    }
  } finally {
    learning?.close();
  }
  return { total, halves, decidedBy, retriesPerFailure, ms: performance.now() - started };
}

function describe(label: string, tally: Tally): string {
  const share = tally.retries ? ((100 * tally.retriesPassed) / tally.retries).toFixed(1) : "n/a";
  return `${label.padEnd(34)} retries ${String(tally.retries).padStart(5)}  passed ${String(tally.retriesPassed).padStart(5)} (${share}%)  wasted on deterministic ${String(tally.wastedRetries).padStart(5)}  missed recoveries ${String(tally.missedRecoveries).padStart(4)}  mean time to green ${(tally.minutesToGreen / tally.episodes).toFixed(1)} min`;
}

const work = mkdtempSync(join(tmpdir(), "cfo-bench-loop-"));
try {
  const fixed = fixedPolicy();
  const unlearned = await analyzerLoop(work, false);
  const loop = await analyzerLoop(work, true);
  console.log(`${episodes} failures drawn from ${cases.length} dev-set excerpts (seed ${values.seed}); run ${RUN_MINUTES} min, fix ${FIX_MINUTES} min, retry passes with p=${RETRY_PASS_PROBABILITY} when retryable`);
  console.log(describe("fixed: retry everything up to 3x", fixed));
  console.log(describe("analyzeLog, nothing learned", unlearned.total));
  console.log(describe("loop: analyzeLog + learned", loop.total));
  console.log(describe("loop, first half", loop.halves[0]));
  console.log(describe("loop, second half", loop.halves[1]));
  const changed = { moreOnDeterministic: 0, moreOnRetryable: 0, fewerOnDeterministic: 0, fewerOnRetryable: 0 };
  stream.forEach(({ failure }, index) => {
    const delta = (loop.retriesPerFailure[index] ?? 0) - (unlearned.retriesPerFailure[index] ?? 0);
    if (delta > 0) changed[failure.retryable ? "moreOnRetryable" : "moreOnDeterministic"]++;
    if (delta < 0) changed[failure.retryable ? "fewerOnRetryable" : "fewerOnDeterministic"]++;
  });
  console.log(`failures where learning changed the retries: more on deterministic ${changed.moreOnDeterministic}, more on retryable ${changed.moreOnRetryable}, fewer on deterministic ${changed.fewerOnDeterministic}, fewer on retryable ${changed.fewerOnRetryable}`);
  console.log(`retry decisions by: ${Object.entries(loop.decidedBy).map(([by, count]) => `${by} ${count}`).join(", ")}`);
  console.log(`ratios loop/fixed: retries ${(loop.total.retries / fixed.retries).toFixed(2)}x, retry success rate ${((loop.total.retriesPassed / loop.total.retries) / (fixed.retriesPassed / fixed.retries)).toFixed(2)}x, mean time to green ${(loop.total.minutesToGreen / fixed.minutesToGreen).toFixed(2)}x`);
  console.log(`loop wall time ${(loop.ms / 1000).toFixed(1)} s (${(loop.ms / episodes).toFixed(1)} ms per failure); peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB now, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB max`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
