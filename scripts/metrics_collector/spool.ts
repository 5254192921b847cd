// The sampler's spool: one JSON line per system sample, appended in batches, plus an end marker
// saying why sampling ended. A file instead of the database keeps the background process small
// (no SQLite, no config loader) and out of the way of the job's own database writers.

import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { SystemSample } from "./system-sample.ts";

export type SamplerEnd = "stopped" | "max-duration" | "parent-gone";

interface EndMarker {
  end: SamplerEnd;
  at: number;
}

export function appendSamples(spool: string, samples: SystemSample[]): void {
  if (samples.length) appendFileSync(spool, samples.map((sample) => `${JSON.stringify(sample)}\n`).join(""));
}

export function appendEnd(spool: string, end: SamplerEnd): void {
  appendFileSync(spool, `${JSON.stringify({ end, at: Date.now() } satisfies EndMarker)}\n`);
}

/** Samples and the end marker (undefined while the sampler still runs or after it was killed). */
export function readSpool(spool: string): { samples: SystemSample[]; end?: SamplerEnd } {
  if (!existsSync(spool)) return { samples: [] };
  const samples: SystemSample[] = [];
  let end: SamplerEnd | undefined;
  for (const line of readFileSync(spool, "utf8").split("\n")) {
    if (!line) continue;
    let record: SystemSample | EndMarker;
    try {
      record = JSON.parse(line) as SystemSample | EndMarker;
    } catch {
      continue; // a line cut short by a kill; the rest is still good
    }
    if ("end" in record) end = record.end;
    else samples.push(record);
  }
  return { samples, end };
}
