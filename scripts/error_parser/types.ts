// The analysis error_parser prints with --json and returns from analyzeLog
// (schemas/output/error_parser.schema.json; other concerns and benchmarks read these names).

import type { Severity } from "../lib/config/types.ts";
import type { RetryDecision } from "./retry.ts";

export interface Recurrence {
  /** Sightings within the window, this run's included. */
  count: number;
  days: number;
  firstSeen: string;
  lastSeen: string;
}

export interface AnalyzedError {
  category: string;
  severity: Severity;
  tool: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  fingerprint: string;
  occurrences: number;
  /** 1-based, inclusive, lines of the original file. */
  logLines: [number, number];
  context: string[];
  patternId: string;
  retryable: boolean;
  recurring: Recurrence | null;
}

export interface ErrorAnalysis {
  summary: {
    category: string;
    severity: Severity;
    retryRecommended: boolean;
    errorCount: number;
    /** Index into `errors` of the primary cause; null when no error was found. */
    primaryError: number | null;
  };
  retry: RetryDecision;
  errors: AnalyzedError[];
  log: { path: string; bytes: number; lines: number; sha256: string };
  cached: boolean;
  configHash: string;
}
