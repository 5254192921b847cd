// What each command-line mode does, on top of the library API: --start, --stop, --gauge/--timer,
// --report and --cleanup. Each returns the exit code; rendering follows --json.

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ScriptContext } from "../lib/cli.ts";
import { CfoError } from "../lib/errors.ts";
import { annotate, appendStepSummary, printJson, printUntrusted, setOutputs } from "../lib/github.ts";
import { MetricsDatabase, type MetricReading } from "./database.ts";
import { formatDuration } from "./format.ts";
import { readKeyFigures } from "./key-metrics.ts";
import { activeSampler, pickUpEndedSpools, startSampler, stopSampler } from "./lifecycle.ts";
import { renderHtml } from "./render-html.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { renderStopSummary, renderText } from "./render-text.ts";
import { buildReport } from "./report.ts";
import { parseOutcome, RUN_OUTCOMES, runMetadata, type RunMetadata, type RunOutcome } from "./run-metadata.ts";
import { unitOf } from "./units.ts";

const stringFlag = (context: ScriptContext, name: string) => (typeof context.args[name] === "string" ? (context.args[name] as string) : undefined);

function metadataOf(context: ScriptContext, mode: string): RunMetadata {
  const meta = runMetadata({ workflowId: stringFlag(context, "workflow-id"), runId: stringFlag(context, "run-id"), job: stringFlag(context, "job") });
  if (!meta) throw new CfoError(`${mode} needs --workflow-id ID and --run-id ID (or GITHUB_WORKFLOW and GITHUB_RUN_ID inside Actions)`);
  return meta;
}

function outcomeOf(context: ScriptContext): RunOutcome | null {
  const given = stringFlag(context, "outcome");
  if (given === undefined) return null;
  const outcome = parseOutcome(given);
  if (!outcome) throw new CfoError(`--outcome must be one of ${RUN_OUTCOMES.join(", ")}, got "${given}"`);
  return outcome;
}

/** --gauge name=value (repeatable) and --timer name --duration-ms N as readings. */
function readingsOf(context: ScriptContext): MetricReading[] {
  const readings: MetricReading[] = [];
  const gauges = (context.args.gauge as string[] | undefined) ?? [];
  for (const gauge of gauges) {
    const match = /^([A-Za-z0-9][\w.-]*)=(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/.exec(gauge);
    if (!match) throw new CfoError(`--gauge takes name=number, got "${gauge}"`);
    readings.push({ name: match[1]!, kind: "gauge", value: Number(match[2]), unit: unitOf(match[1]!) });
  }
  const timer = stringFlag(context, "timer");
  const duration = stringFlag(context, "duration-ms");
  if ((timer === undefined) !== (duration === undefined)) throw new CfoError("--timer NAME and --duration-ms N go together");
  if (timer !== undefined) readings.push({ name: timer, kind: "timer", value: Number(duration), unit: "ms" });
  return readings;
}

async function withDatabase<T>(context: ScriptContext, work: (db: MetricsDatabase) => Promise<T>): Promise<T> {
  const db = await MetricsDatabase.open(context.loaded);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

function print(context: ScriptContext, json: unknown, line: string): void {
  if (context.json) printJson(json);
  else printUntrusted(line);
}

export async function startCommand(context: ScriptContext): Promise<number> {
  const meta = metadataOf(context, "--start");
  const parent = stringFlag(context, "parent-pid");
  const started = await withDatabase(context, (db) => startSampler(context.loaded, db, meta, parent === undefined ? undefined : Number(parent)));
  const { lock } = started;
  const what = started.status === "started" ? "sampler started" : "sampler already running";
  print(context, started, `${what} (pid ${lock.pid}) for ${lock.workflowId} #${lock.runId}; stop it with --stop\n`);
  return 0;
}

export async function stopCommand(context: ScriptContext): Promise<number> {
  const stopped = await withDatabase(context, (db) => stopSampler(context.loaded, db, outcomeOf(context), readingsOf(context)));
  if (stopped.status === "not-running") {
    print(context, stopped, "no sampler running; nothing to stop\n");
    return 0;
  }
  const { run } = stopped.closed;
  setOutputs({ "metrics-summary": `${run.workflowId} #${run.runId}: ${formatDuration(run.endedAt! - run.startedAt)}, ${stopped.samples} samples` });
  print(context, stopped, renderStopSummary(stopped.closed, stopped.samples));
  return 0;
}

/** --gauge/--timer without --start/--stop: into the sampled run, or the run the flags or GITHUB_* name. */
export async function recordCommand(context: ScriptContext): Promise<number> {
  const readings = readingsOf(context);
  const recorded = await withDatabase(context, async (db) => {
    const active = activeSampler(context.loaded);
    const named = stringFlag(context, "workflow-id") !== undefined || stringFlag(context, "run-id") !== undefined;
    const run = active && !named ? active.run : await db.ensureRun(metadataOf(context, "--gauge/--timer"));
    await db.recordMetrics(run, readings);
    return { run, recorded: readings.length };
  });
  print(context, recorded, `recorded ${recorded.recorded} metric${recorded.recorded === 1 ? "" : "s"}\n`);
  return 0;
}

export async function reportCommand(context: ScriptContext): Promise<number> {
  const days = Number(stringFlag(context, "days") ?? 7);
  if (!(days > 0)) throw new CfoError(`--days takes a positive number of days, got ${days}`);
  const workflowId = stringFlag(context, "workflow-id");
  const report = await withDatabase(context, async (db) => {
    await pickUpEndedSpools(context.loaded, db);
    const keyFigures = await readKeyFigures(context.loaded, days, workflowId);
    return buildReport(context.loaded, db, keyFigures, { days, workflowId, runId: stringFlag(context, "run-id") });
  });
  const html = stringFlag(context, "html");
  if (html !== undefined) writeFileSync(resolve(html), renderHtml(report));
  if (context.json) printJson(report);
  else printUntrusted(renderText(report));
  for (const finding of report.findings.filter((f) => f.level !== "notice")) {
    annotate({ level: finding.level, title: `metrics: ${finding.kind}`, message: finding.message });
  }
  setOutputs({ "metrics-summary": report.headline });
  await appendStepSummary(renderMarkdown(report));
  // Only a threshold the user marked `level: error` fails the step; everything else informs.
  return report.findings.some((finding) => finding.level === "error") ? 1 : 0;
}

export async function cleanupCommand(context: ScriptContext): Promise<number> {
  const days = context.loaded.config.storage.retentionDays.metrics;
  const result = await withDatabase(context, (db) => db.cleanup(days));
  const removed = Object.entries(result.deletedRows).map(([table, rows]) => `${rows} ${table}`).join(", ");
  print(context, result, `metrics older than ${days} days removed (${removed}); database compacted\n`);
  return 0;
}
