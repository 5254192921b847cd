// metrics_collector: runner telemetry across workflow steps (a detached system sampler between
// --start and --stop, timers, counters, gauges, custom metrics), kept in SQLite and reported with
// anomalies, trends and charts. The library API carries the seed's class names.

import { runScript, type ParsedArgs, type ScriptSpec } from "./lib/cli.ts";
import { cleanupCommand, recordCommand, reportCommand, startCommand, stopCommand } from "./metrics_collector/commands.ts";
import { METRICS_MIGRATIONS, METRICS_COPYING } from "./metrics_collector/schema.ts";

export { MetricsAnalyzer, type Finding, type FindingKind, type MetricAnalysis } from "./metrics_collector/analyzer.ts";
export { MetricsDatabase, type MetricReading } from "./metrics_collector/database.ts";
export { buildReport, type MetricsReport } from "./metrics_collector/report.ts";
export { AdvancedMetricsCollector, PerformanceTracker, recordRunMetrics, type Timer } from "./metrics_collector/tracker.ts";

const isRecording = (args: ParsedArgs) => Boolean(args.start || args.stop || args.gauge || args.timer);

export const spec: ScriptSpec = {
  name: "metrics_collector",
  summary: "runner telemetry across workflow steps, history in SQLite, anomalies, trends and charts",
  flags: [
    { name: "start", type: "boolean", description: "Start the background system sampler for this run and return at once." },
    { name: "stop", type: "boolean", description: "Stop the sampler, take a final sample, close the run and print its summary." },
    { name: "workflow-id", type: "string", valueName: "ID", description: "Workflow the run belongs to (default: $GITHUB_WORKFLOW); with --report, only this workflow." },
    { name: "run-id", type: "string", valueName: "ID", description: "Run identifier (default: $GITHUB_RUN_ID); with --report, the run compared with history." },
    { name: "job", type: "string", valueName: "NAME", description: "Job name (default: $GITHUB_JOB)." },
    { name: "outcome", type: "string", valueName: "OUTCOME", description: "With --stop: success, failure, cancelled or skipped (e.g. ${{ job.status }})." },
    { name: "parent-pid", type: "string", numeric: true, valueName: "PID", description: "With --start: the sampler exits when this process ends (default: the Actions job, else the calling shell)." },
    { name: "gauge", type: "string", multiple: true, valueName: "NAME=VALUE", description: "Record a gauge for the run (repeatable)." },
    { name: "timer", type: "string", valueName: "NAME", description: "Record a step duration for the run, with --duration-ms." },
    { name: "duration-ms", type: "string", numeric: true, valueName: "N", description: "The duration recorded by --timer, in milliseconds." },
    { name: "interval", type: "string", numeric: true, valueName: "SECONDS", description: "Seconds between system samples.", configPath: ["metrics", "intervalSeconds"] },
    { name: "report", type: "boolean", description: "Report anomalies, trends and charts (text, --json, step summary)." },
    { name: "days", type: "string", numeric: true, valueName: "N", description: "Days of history the report covers (default 7)." },
    { name: "html", type: "string", valueName: "FILE", description: "With --report: also write a self-contained HTML report." },
    { name: "cleanup", type: "boolean", description: "Delete metrics past retention (storage.retentionDays.metrics) and compact the database." },
  ],
  examples: [
    "bun scripts/metrics_collector.ts --start --workflow-id ci --run-id $GITHUB_RUN_ID",
    "bun scripts/metrics_collector.ts --gauge ai.turns=12 --timer build --duration-ms 84000",
    "bun scripts/metrics_collector.ts --stop --outcome ${{ job.status }}",
    "bun scripts/metrics_collector.ts --report --days 7 --html metrics.html",
    "bun scripts/metrics_collector.ts --report --all-repos --days 30   # every repository in a shared PostgreSQL store",
    "bun scripts/metrics_collector.ts --cleanup",
  ],
  // --migrate-to re-numbers runs.id on the server; samples and metrics follow their run.
  stores: [{ name: "metrics", migrations: METRICS_MIGRATIONS, ...METRICS_COPYING }],
  isTelemetry: isRecording,
};

if (import.meta.main) {
  await runScript(spec, async (context) => {
    const { args } = context;
    if (args.start) return startCommand(context);
    if (args.stop) return stopCommand(context);
    if (args.gauge || args.timer) return recordCommand(context);
    if (args.cleanup) return cleanupCommand(context);
    return reportCommand(context);
  });
}
