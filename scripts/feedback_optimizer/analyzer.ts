// FeedbackAnalyzer (the seed's name): patterns by fingerprint and category with retry and AI-fix
// success rates, flaky tests (flaky.ts), key metrics (metrics.ts) and the daily trend over a window,
// for the repositories the window covers.

import type { RepositoryFilter } from "../lib/storage/repository-scope.ts";
import type { Store } from "../lib/storage/store.ts";
import { findFlakyTests, type FlakyTest } from "./flaky.ts";
import { computeKeyMetrics, type KeyMetrics, type MetricsWindow } from "./metrics.ts";
import { rateOf, type Rate } from "./stats.ts";

export interface OutcomeGroup {
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  retry: Rate | null;
  aiFix: Rate | null;
  meanResolutionSeconds: number | null;
}

export interface PatternGroup extends OutcomeGroup {
  fingerprint: string;
  category: string | null;
  example: string;
}

export interface CategoryGroup extends OutcomeGroup {
  category: string;
  /** Retry rates of this category per CI job, for job-specific advice. */
  retryByJob: { job: string; retry: Rate }[];
}

export interface TrendDay {
  day: string;
  items: number;
  errors: number;
  attempts: number;
  passed: number;
}

export interface FeedbackAnalysis {
  window: { days: number; from: string; to: string; workflowId: string | null };
  /** fixesWithContext: passed attempts that recorded their context pack (the evidence behind contextRelevance). */
  totals: { items: number; attempts: number; testRuns: number; testResults: number; fixesWithContext: number };
  keyMetrics: KeyMetrics;
  /** The same metrics for each workflow with attempts in the window (at most 20, by attempts). */
  workflows: ({ workflowId: string } & KeyMetrics)[];
  patterns: PatternGroup[];
  categories: CategoryGroup[];
  flakyTests: FlakyTest[];
  trend: TrendDay[];
}

interface ItemDay {
  category: string | null;
  /** Days since the epoch (UTC). */
  day: number;
  items: number;
  errors: number;
  first: number;
  last: number;
}

/** The records an analysis reads: since when, and which repositories'. */
export interface Period {
  since: number;
  repositories: RepositoryFilter;
}

interface OutcomeRow {
  key: string;
  job?: string | null;
  strategy: string;
  attempts: number;
  successes: number;
  resolution_ms: number | null;
}

const DAY_MS = 86_400_000;
const PATTERN_LIMIT = 50;
const WORKFLOW_LIMIT = 20;

export class FeedbackAnalyzer {
  constructor(private readonly store: Store) {}

  async analyze(days: number, window: MetricsWindow, now = Date.now()): Promise<FeedbackAnalysis> {
    // Item and test sections cover the window for all workflows; key metrics honour window.workflowId.
    const period: Period = window;
    const itemDays = await this.itemDays(period);
    const [patterns, categories, flakyTests, trend, totals, keyMetrics, workflows] = await Promise.all([
      this.patterns(period),
      this.categories(period, itemDays),
      findFlakyTests(this.store, period.since, period.repositories),
      this.trend(period, itemDays),
      this.totals(period, itemDays),
      computeKeyMetrics(this.store, window),
      this.workflows(window),
    ]);
    return {
      window: { days, from: new Date(window.since).toISOString(), to: new Date(now).toISOString(), workflowId: window.workflowId ?? null },
      totals, keyMetrics, workflows, patterns, categories, flakyTests, trend,
    };
  }

  private async workflows(window: MetricsWindow): Promise<FeedbackAnalysis["workflows"]> {
    const ids = await this.store.all<{ workflow_id: string }>(
      `SELECT workflow_id FROM fix_attempts WHERE started_at >= ?${window.workflowId ? " AND workflow_id = ?" : ""} AND ${window.repositories.sql}
       GROUP BY workflow_id ORDER BY COUNT(*) DESC, workflow_id LIMIT ${WORKFLOW_LIMIT}`,
      [window.since, ...(window.workflowId ? [window.workflowId] : []), ...window.repositories.params],
    );
    const workflows: FeedbackAnalysis["workflows"] = [];
    for (const { workflow_id: workflowId } of ids) workflows.push({ workflowId, ...(await computeKeyMetrics(this.store, { ...window, workflowId })) });
    return workflows;
  }

  /** Items per category and day: one pass over the covering index feeds totals, categories and trend. */
  private itemDays({ since, repositories }: Period): Promise<ItemDay[]> {
    return this.store.all<ItemDay>(
      `SELECT category, created_at / ${DAY_MS} AS day, COUNT(*) AS items, SUM(CASE WHEN type = 'error' THEN 1 ELSE 0 END) AS errors,
         MIN(created_at) AS first, MAX(created_at) AS last
       FROM feedback_items WHERE created_at >= ? AND origin <> 'attempt' AND ${repositories.sql} GROUP BY category, created_at / ${DAY_MS}`,
      [since, ...repositories.params],
    );
  }

  private async totals({ since, repositories }: Period, itemDays: ItemDay[]): Promise<FeedbackAnalysis["totals"]> {
    const count = async (sql: string) => (await this.store.get<{ n: number }>(`${sql} AND ${repositories.sql}`, [since, ...repositories.params]))?.n ?? 0;
    return {
      items: itemDays.reduce((total, row) => total + row.items, 0),
      attempts: await count("SELECT COUNT(*) AS n FROM fix_attempts WHERE started_at >= ?"),
      testRuns: await count("SELECT COUNT(*) AS n FROM test_runs WHERE created_at >= ?"),
      testResults: await count("SELECT COUNT(*) AS n FROM test_results WHERE created_at >= ?"),
      fixesWithContext: await count(
        `SELECT COUNT(*) AS n FROM fix_attempts a WHERE started_at >= ? AND outcome = 'passed'
         AND EXISTS (SELECT 1 FROM attempt_files f WHERE f.attempt_id = a.id AND f.role = 'context')`,
      ),
    };
  }

  private async patterns(period: Period): Promise<PatternGroup[]> {
    const { since, repositories } = period;
    const groups = await this.store.all<{ fingerprint: string; category: string | null; count: number; first: number; last: number }>(
      `SELECT fingerprint, MAX(category) AS category, COUNT(*) AS count, MIN(created_at) AS first, MAX(created_at) AS last
       FROM feedback_items WHERE created_at >= ? AND fingerprint IS NOT NULL AND origin <> 'attempt' AND ${repositories.sql}
       GROUP BY fingerprint ORDER BY count DESC, fingerprint LIMIT ${PATTERN_LIMIT}`,
      [since, ...repositories.params],
    );
    if (!groups.length) return [];
    // Messages are read for the top fingerprints only, so the grouping above stays on its covering index.
    const examples = await this.store.all<{ fingerprint: string; example: string }>(
      `SELECT fingerprint, MAX(message) AS example FROM feedback_items
       WHERE fingerprint IN (${groups.map(() => "?").join(", ")}) AND created_at >= ? AND origin <> 'attempt' AND ${repositories.sql} GROUP BY fingerprint`,
      [...groups.map((group) => group.fingerprint), since, ...repositories.params],
    );
    const exampleOf = new Map(examples.map((row) => [row.fingerprint, row.example]));
    const outcomes = await this.outcomes("fingerprint", period);
    return groups.map((group) => ({
      fingerprint: group.fingerprint, category: group.category, example: exampleOf.get(group.fingerprint) ?? "",
      ...outcomeGroup(group.count, group.first, group.last, outcomes.filter((row) => row.key === group.fingerprint)),
    }));
  }

  private async categories(period: Period, itemDays: ItemDay[]): Promise<CategoryGroup[]> {
    const groups = new Map<string, { category: string; count: number; first: number; last: number }>();
    for (const row of itemDays) {
      if (row.category === null) continue;
      const group = groups.get(row.category) ?? { category: row.category, count: 0, first: row.first, last: row.last };
      groups.set(row.category, { ...group, count: group.count + row.items, first: Math.min(group.first, row.first), last: Math.max(group.last, row.last) });
    }
    const outcomes = await this.outcomes("category", period);
    const byJob = await this.store.all<OutcomeRow>(
      `SELECT category AS key, job, 'retry' AS strategy, COUNT(*) AS attempts, SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS successes, NULL AS resolution_ms
       FROM fix_attempts WHERE started_at >= ? AND strategy = 'retry' AND outcome IN ('passed', 'failed') AND category IS NOT NULL AND job IS NOT NULL
         AND ${period.repositories.sql}
       GROUP BY category, job`,
      [period.since, ...period.repositories.params],
    );
    for (const row of outcomes) if (!groups.has(row.key)) groups.set(row.key, { category: row.key, count: 0, first: 0, last: 0 });
    return [...groups.values()]
      .map((group) => ({
        category: group.category,
        ...outcomeGroup(group.count, group.first, group.last, outcomes.filter((row) => row.key === group.category)),
        retryByJob: byJob.filter((row) => row.key === group.category).map((row) => ({ job: row.job!, retry: rateOf(row.successes, row.attempts)! })),
      }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  }

  /** Closed attempts (passed or failed) per key and strategy, with the mean time of the passed ones. */
  private outcomes(column: "fingerprint" | "category", { since, repositories }: Period): Promise<OutcomeRow[]> {
    return this.store.all<OutcomeRow>(
      `SELECT ${column} AS key, strategy, COUNT(*) AS attempts, SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS successes,
         AVG(CASE WHEN outcome = 'passed' THEN finished_at - started_at END) AS resolution_ms
       FROM fix_attempts WHERE started_at >= ? AND outcome IN ('passed', 'failed') AND ${column} IS NOT NULL AND ${repositories.sql}
       GROUP BY ${column}, strategy`,
      [since, ...repositories.params],
    );
  }

  private async trend({ since, repositories }: Period, itemDays: ItemDay[]): Promise<TrendDay[]> {
    const attempts = await this.store.all<{ day: number; attempts: number; passed: number }>(
      `SELECT started_at / ${DAY_MS} AS day, COUNT(*) AS attempts, SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) AS passed
       FROM fix_attempts WHERE started_at >= ? AND ${repositories.sql} GROUP BY started_at / ${DAY_MS}`,
      [since, ...repositories.params],
    );
    const days = new Map<number, TrendDay>();
    const at = (day: number) => days.get(day) ?? days.set(day, { day: new Date(day * DAY_MS).toISOString().slice(0, 10), items: 0, errors: 0, attempts: 0, passed: 0 }).get(day)!;
    for (const row of itemDays) {
      const day = at(row.day);
      day.items += row.items;
      day.errors += row.errors;
    }
    for (const row of attempts) Object.assign(at(row.day), { attempts: row.attempts, passed: row.passed });
    // Days whose attempts --cleanup already removed live on in the daily aggregates (closed attempts only).
    const aggregated = await this.store.all<{ day: number; attempts: number; passed: number }>(
      `SELECT day / ${DAY_MS} AS day, SUM(attempts) AS attempts, SUM(successes) AS passed FROM daily_aggregates WHERE day >= ? AND ${repositories.sql} GROUP BY day`,
      [Math.floor(since / DAY_MS) * DAY_MS, ...repositories.params],
    );
    const rawDays = new Set(attempts.map((row) => row.day));
    for (const row of aggregated) if (!rawDays.has(row.day)) Object.assign(at(row.day), { attempts: row.attempts, passed: row.passed });
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
}

/** The repositories with items or attempts in the window ('' = written before records named one). */
export async function repositoriesSeen(store: Store, { since, repositories }: Period): Promise<string[]> {
  const rows = await store.all<{ repository: string }>(
    `SELECT repository FROM fix_attempts WHERE started_at >= ? AND ${repositories.sql} GROUP BY repository
     UNION SELECT repository FROM feedback_items WHERE created_at >= ? AND ${repositories.sql} GROUP BY repository`,
    [since, ...repositories.params, since, ...repositories.params],
  );
  return rows.map((row) => row.repository);
}

function outcomeGroup(count: number, first: number, last: number, rows: OutcomeRow[]): OutcomeGroup {
  const rate = (strategy: string) => {
    const row = rows.find((candidate) => candidate.strategy === strategy);
    return row ? rateOf(row.successes, row.attempts) : null;
  };
  const passed = rows.filter((row) => row.resolution_ms !== null);
  const successes = passed.reduce((total, row) => total + row.successes, 0);
  const resolutionMs = passed.reduce((total, row) => total + row.resolution_ms! * row.successes, 0);
  return {
    count,
    firstSeen: count ? new Date(first).toISOString() : null,
    lastSeen: count ? new Date(last).toISOString() : null,
    retry: rate("retry"),
    aiFix: rate("ai_fix"),
    meanResolutionSeconds: successes ? resolutionMs / successes / 1000 : null,
  };
}
