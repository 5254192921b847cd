// The sampler's spool: one JSON line per system sample, appended in batches, plus an end marker
// saying why sampling ended. A file instead of the database keeps the background process small
// (no SQLite, no config loader) and out of the way of the job's own database writers.

import { existsSync, openSync, readFileSync, writeSync } from "node:fs";
import type { SystemSample } from "./system-sample.ts";

export type SamplerEnd = "stopped" | "max-duration" | "parent-gone";

interface EndMarker {
  end: SamplerEnd;
  at: number;
}

/** The sampler's side: the spool stays open in append mode, so a batch costs one write. */
export class SpoolWriter {
  private readonly fd: number;

  constructor(spool: string) {
    this.fd = openSync(spool, "a");
  }

  append(samples: SystemSample[]): void {
    if (samples.length) writeSync(this.fd, samples.map((sample) => `${JSON.stringify(sample)}\n`).join(""));
  }

  end(end: SamplerEnd): void {
    writeSync(this.fd, `${JSON.stringify({ end, at: Date.now() } satisfies EndMarker)}\n`);
  }
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
