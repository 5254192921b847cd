// The seed's in-process API: AdvancedMetricsCollector.startTracking() returns a PerformanceTracker
// with timers (disposable: `using`), counters, gauges and custom readings; stopTracking() samples the
// system once more, adds the plugins' custom metrics and writes everything in one batch.
// recordRunMetrics() is the runner's one-call path for the AI step's figures.

import { resolve } from "node:path";
import { loadConfig, type LoadedConfig } from "../lib/config/load.ts";
import { closeRun, type ClosedRun } from "./close-run.ts";
import { collectCustomMetrics } from "./custom.ts";
import { MetricsDatabase, type MetricReading } from "./database.ts";
import { runMetadata, type RunMetadata, type RunOutcome } from "./run-metadata.ts";
import { createSystemReader, type SystemReader, type SystemSample } from "./system-sample.ts";
import { unitOf } from "./units.ts";

export interface Timer extends Disposable {
  /** Stops the timer (once) and returns the elapsed milliseconds. */
  stop(): number;
}

export class PerformanceTracker {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, MetricReading>();
  private readonly timings: MetricReading[] = [];
  readonly samples: SystemSample[] = [];
  private readonly sampling: ReturnType<typeof setInterval>;

  constructor(
    readonly meta: RunMetadata,
    private readonly readSystem: SystemReader,
    intervalMs: number,
    readonly startedAt = Date.now(),
  ) {
    this.sample();
    this.sampling = setInterval(() => this.sample(), intervalMs);
    this.sampling.unref();
  }

  sample(): void {
    this.samples.push(this.readSystem());
  }

  timer(name: string): Timer {
    const started = performance.now();
    let elapsed: number | undefined;
    const stop = () => {
      if (elapsed === undefined) {
        elapsed = performance.now() - started;
        this.timings.push({ name, kind: "timer", value: elapsed, unit: "ms" });
      }
      return elapsed;
    };
    return { stop, [Symbol.dispose]: () => void stop() };
  }

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  setGauge(name: string, value: number): void {
    this.gauges.set(name, { name, kind: "gauge", value, unit: unitOf(name) });
  }

  /** A custom reading with an explicit unit (a gauge: the last value of the run counts). */
  record(name: string, value: number, unit?: string): void {
    this.gauges.set(name, { name, kind: "gauge", value, unit: unit ?? unitOf(name) });
  }

  /** Everything recorded so far; stops the background sampling. */
  finish(): MetricReading[] {
    clearInterval(this.sampling);
    this.sample();
    const counters = [...this.counters].map(([name, value]): MetricReading => ({ name, kind: "counter", value, unit: unitOf(name) }));
    return [...this.timings, ...counters, ...this.gauges.values()];
  }
}

export class AdvancedMetricsCollector {
  private tracker: PerformanceTracker | undefined;
  private loaded: LoadedConfig | undefined;

  constructor(
    readonly projectRoot: string,
    loaded?: LoadedConfig,
  ) {
    this.loaded = loaded;
  }

  /** Starts sampling this process's machine for one run (workflow and run ids from the caller or GITHUB_*). */
  startTracking(workflowId?: string, runId?: string): PerformanceTracker {
    const meta = runMetadata({ workflowId, runId });
    if (!meta) throw new Error("startTracking needs a workflow id and a run id (or GITHUB_WORKFLOW and GITHUB_RUN_ID)");
    const settings = this.loaded?.config.metrics;
    const root = resolve(this.projectRoot);
    this.tracker = new PerformanceTracker(meta, createSystemReader(resolve(root, settings?.diskPath ?? ".")), (settings?.intervalSeconds ?? 1) * 1000);
    return this.tracker;
  }

  /** Writes the run (samples, metrics, custom metrics, system summary) and closes it. */
  async stopTracking(outcome: RunOutcome | null = null): Promise<ClosedRun> {
    const tracker = this.tracker;
    if (!tracker) throw new Error("stopTracking called without startTracking");
    this.tracker = undefined;
    const readings = tracker.finish();
    this.loaded ??= await loadConfig({ projectRoot: this.projectRoot });
    const db = await MetricsDatabase.open(this.loaded);
    try {
      const run = await db.ensureRun(tracker.meta, tracker.startedAt);
      const custom = await collectCustomMetrics(this.loaded);
      return await closeRun(db, run, { samples: tracker.samples, readings: [...readings, ...custom], outcome });
    } finally {
      db.close();
    }
  }
}

/** The runner's AI-step figures (ai.duration_ms, ai.turns, ai.cost_usd, ...) for one run. */
export async function recordRunMetrics(
  loaded: LoadedConfig,
  input: { workflowId: string; runId: string; gauges: Record<string, number>; timers?: Record<string, number> },
): Promise<void> {
  const meta = runMetadata({ workflowId: input.workflowId, runId: input.runId })!;
  const db = await MetricsDatabase.open(loaded);
  try {
    const run = await db.ensureRun(meta);
    const gauges = Object.entries(input.gauges).map(([name, value]): MetricReading => ({ name, kind: "gauge", value, unit: unitOf(name) }));
    const timers = Object.entries(input.timers ?? {}).map(([name, value]): MetricReading => ({ name, kind: "timer", value, unit: "ms" }));
    await db.recordMetrics(run, [...gauges, ...timers].filter((reading) => Number.isFinite(reading.value)));
  } finally {
    db.close();
  }
}
