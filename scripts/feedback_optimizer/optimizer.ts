// FeedbackLoopOptimizer (the seed's main class): one open feedback store and every operation on it,
// what the CLI and other scripts call.

import type { LoadedConfig } from "../lib/config/load.ts";
import { CfoError } from "../lib/errors.ts";
import type { LearningScope } from "../lib/config/types.ts";
import { FeedbackAnalyzer, repositoriesSeen, type FeedbackAnalysis } from "./analyzer.ts";
import { cacheHitRates, type CacheHitRates } from "./cache-rates.ts";
import { FeedbackDatabase } from "./database.ts";
import { ingestEvent, type EventIngestion } from "./event.ts";
import { ingestAnalysis, ingestJUnit, type IngestionResult, type RunContext } from "./ingest.ts";
import { cleanupFeedback, type FeedbackCleanup } from "./maintenance.ts";
import { metricsWindow } from "./metrics.ts";
import { recommend, type Recommendation } from "./recommend.ts";
import { FEEDBACK_SOURCES, FEEDBACK_TYPES, isOneOf, type FixAttemptRecord, type NewFeedbackItem } from "./types.ts";

export interface FeedbackReport extends FeedbackAnalysis {
  /** What the report covers: "owner/name" or "all repositories" (--all-repos), and the repositories with records in the window. */
  repositories: { label: string; names: string[] };
  /** Whose outcomes retry decisions learn from (learning.scope). */
  learningScope: LearningScope;
  cacheHitRates: CacheHitRates;
  recommendations: Recommendation[];
  minEvidence: number;
}

export class FeedbackLoopOptimizer {
  private constructor(
    private readonly loaded: LoadedConfig,
    readonly database: FeedbackDatabase,
  ) {}

  static async open(loaded: LoadedConfig): Promise<FeedbackLoopOptimizer> {
    return new FeedbackLoopOptimizer(loaded, await FeedbackDatabase.open(loaded));
  }

  close(): void {
    this.database.close();
  }

  /** The seed's add_feedback; returns the new item's id. */
  addFeedback(item: Omit<NewFeedbackItem, "origin">): Promise<string> {
    if (!isOneOf(FEEDBACK_TYPES, item.type)) throw new CfoError(`unknown feedback type "${item.type}"; use one of ${FEEDBACK_TYPES.join(", ")}`);
    if (!isOneOf(FEEDBACK_SOURCES, item.source)) throw new CfoError(`unknown feedback source "${item.source}"; use one of ${FEEDBACK_SOURCES.join(", ")}`);
    if (!(item.severity >= 0 && item.severity <= 1)) throw new CfoError(`severity must be between 0 and 1, got ${item.severity}`);
    if (!item.message.trim()) throw new CfoError("the feedback message is empty");
    return this.database.addItem({ ...item, origin: "manual" });
  }

  recordAttempt(record: FixAttemptRecord): Promise<string> {
    return this.database.upsertAttempt(record);
  }

  ingestJUnit(files: string[], run: RunContext): Promise<IngestionResult> {
    return ingestJUnit(this.database, files, run);
  }

  ingestAnalysis(file: string, run: RunContext): Promise<IngestionResult> {
    return ingestAnalysis(this.database, file, run);
  }

  ingestEvent(file: string): Promise<EventIngestion> {
    return ingestEvent(this.database, file, this.loaded.config.feedback.fixBranchPrefixes);
  }

  async report(days: number, workflowId?: string): Promise<FeedbackReport> {
    const window = metricsWindow(this.loaded, days, workflowId);
    const analysis = await new FeedbackAnalyzer(this.database.store).analyze(days, window);
    // Rows written before records named their repository are the store's own, i.e. this one's.
    const seen = (await repositoriesSeen(this.database.store, window)).map((name) => name || this.loaded.repository);
    const config = this.loaded.config.feedback;
    return {
      ...analysis,
      repositories: { label: window.repositories.label, names: [...new Set(seen)].sort() },
      learningScope: this.loaded.config.learning.scope,
      cacheHitRates: await cacheHitRates(this.loaded, days),
      recommendations: recommend(analysis, config),
      minEvidence: config.minEvidence,
    };
  }

  cleanup(): Promise<FeedbackCleanup> {
    return cleanupFeedback(this.database.store, this.loaded);
  }
}
