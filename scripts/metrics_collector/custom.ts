// Custom metrics from plugins: YAML gauges and counters fed by a command's output or a file's
// content (metrics.custom), and TypeScript collector functions (definePlugin({ metricCollectors })).
// A metric that cannot be read is a warning; the others are still recorded.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadedConfig } from "../lib/config/load.ts";
import type { CustomMetricDefinition } from "../lib/config/types.ts";
import { warn } from "../lib/log.ts";
import type { MetricReading } from "./database.ts";
import { unitOf } from "./units.ts";

const COMMAND_TIMEOUT_MS = 10_000;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;

export async function collectCustomMetrics(loaded: LoadedConfig): Promise<MetricReading[]> {
  const readings: MetricReading[] = [];
  for (const definition of loaded.config.metrics.custom) {
    try {
      readings.push({ name: definition.id, kind: definition.kind ?? "gauge", value: await readDeclared(definition, loaded.projectRoot), unit: definition.unit });
    } catch (error) {
      warn(`custom metric ${definition.id} skipped: ${(error as Error).message}`);
    }
  }
  for (const plugin of loaded.plugins) {
    for (const [collector, collect] of Object.entries(plugin.definition.metricCollectors ?? {})) {
      try {
        for (const [name, value] of Object.entries(await collect())) {
          if (Number.isFinite(value)) readings.push({ name: `${collector}.${name}`, kind: "gauge", value, unit: unitOf(name) });
        }
      } catch (error) {
        warn(`metric collector ${collector} of plugin ${plugin.name} (${plugin.file}) failed: ${(error as Error).message}`);
      }
    }
  }
  return readings;
}

async function readDeclared(definition: CustomMetricDefinition, projectRoot: string): Promise<number> {
  if (definition.command) return firstNumber(await commandOutput(definition.command, projectRoot), `output of \`${definition.command}\``);
  if (definition.file) return firstNumber(readFileSync(resolve(projectRoot, definition.file), "utf8"), definition.file);
  throw new Error("it has neither `command` nor `file`; add one of them");
}

async function commandOutput(command: string, cwd: string): Promise<string> {
  const shell = process.platform === "win32" ? ["cmd", "/c", command] : ["sh", "-c", command];
  const child = Bun.spawn(shell, { cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore", timeout: COMMAND_TIMEOUT_MS });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`\`${command}\` exited with ${code}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`);
  return stdout;
}

function firstNumber(text: string, source: string): number {
  const match = NUMBER.exec(text);
  if (!match) throw new Error(`no number in the ${source}`);
  return Number(match[0]);
}
