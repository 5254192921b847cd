// ContextCacheManager: the `context` store. Per-file analyses keyed by content hash (token count,
// imports, symbols, comment lines, hashed lexical terms; the redaction scan and the outline, which
// is built from redacted text), with a TTL; and per build what was sent, for stats and learning.
// No file text is stored except outlines and packs, both made after redaction. SQL stays portable (upserts with
// ON CONFLICT, SQLite type names that the PostgreSQL backend translates). Analyses are shared by every
// repository in a store (same content, same analysis); builds, sent files and stamps carry their repository.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, openConcernStore, type CleanupResult } from "../lib/storage/open.ts";
import { oneRepository, reportRepositories } from "../lib/storage/repository-scope.ts";
import type { Store } from "../lib/storage/store.ts";
import { insertRows, MAX_PARAMS } from "../lib/storage/insert-rows.ts";
import { contextMigrations, fromRow, toParams, type FileAnalysis, type FileRow } from "./cache-rows.ts";
import type { FileStamp } from "./collect.ts";
import type { ContextPack, ItemMode } from "./types.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A whole pack, reused when the tree, the inputs and what feedback learned are all unchanged. */
export interface StoredPack {
  fingerprints: string[];
  categories: string[];
  /** Hash of the learned fixed files the pack was ranked with. */
  learned: string;
  files: number;
  pack: ContextPack;
  rendered: string;
}

export interface BuildRecord {
  id: string;
  lookups: number;
  hits: number;
  totalTokens: number;
  fingerprint: string | null;
  category: string | null;
  sent: { path: string; mode: ItemMode }[];
}

export type { FileAnalysis, ParsedSource } from "./cache-rows.ts";

export class ContextCacheManager {
  private constructor(
    private readonly store: Store,
    private readonly loaded: LoadedConfig,
  ) {}

  static async open(loaded: LoadedConfig): Promise<ContextCacheManager> {
    return new ContextCacheManager(await openConcernStore(loaded, "context", contextMigrations), loaded);
  }

  private get ttlMs(): number {
    return this.loaded.config.context.cacheTtlHours * HOUR_MS;
  }

  /** Fresh entries for the given content hashes (expired ones are left out, so they are rebuilt). */
  async lookup(hashes: string[], now = Date.now()): Promise<Map<string, FileAnalysis>> {
    const found = new Map<string, FileAnalysis>();
    for (let at = 0; at < hashes.length; at += MAX_PARAMS) {
      const chunk = hashes.slice(at, at + MAX_PARAMS);
      const rows = await this.store.all<FileRow>(`SELECT * FROM files WHERE hash IN (${chunk.map(() => "?").join(",")})`, chunk);
      for (const row of rows) if (now - row.created_at <= this.ttlMs) found.set(row.hash, fromRow(row));
    }
    return found;
  }

  async save(entries: Map<string, FileAnalysis>, now = Date.now()): Promise<void> {
    if (entries.size === 0) return;
    const rows = [...entries].map(([hash, analysis]) => toParams(hash, analysis, now));
    await this.store.transaction((tx) => insertRows(tx, "files", ["hash", "tokens", "imports", "symbols", "comment_lines", "terms", "secrets", "outline", "created_at"], rows, { update: ["hash"] }));
  }

  /** A pack built before for the same tree state and inputs, while fresh. */
  async findPack(key: string, now = Date.now()): Promise<StoredPack | undefined> {
    const row = await this.store.get<{ created_at: number; fingerprints: string; categories: string; learned: string; files: number; pack: string; rendered: string }>("SELECT * FROM packs WHERE key = ?", [key]);
    if (!row || now - row.created_at > this.ttlMs) return undefined;
    return { fingerprints: JSON.parse(row.fingerprints) as string[], categories: JSON.parse(row.categories) as string[], learned: row.learned, files: row.files, pack: JSON.parse(row.pack) as ContextPack, rendered: row.rendered };
  }

  async savePack(key: string, stored: StoredPack, now = Date.now()): Promise<void> {
    await this.store.run(
      `INSERT INTO packs (key, created_at, fingerprints, categories, learned, files, pack, rendered) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at, fingerprints = excluded.fingerprints, categories = excluded.categories,
         learned = excluded.learned, files = excluded.files, pack = excluded.pack, rendered = excluded.rendered`,
      [key, now, JSON.stringify(stored.fingerprints), JSON.stringify(stored.categories), stored.learned, stored.files, JSON.stringify(stored.pack), stored.rendered],
    );
  }

  /** Size, mtime and hash of each path at this repository's last build of `root` (another repository may check out to the same path). */
  async stamps(root: string): Promise<Map<string, FileStamp>> {
    const own = oneRepository(this.loaded.repository);
    // Rows named for this repository come last, so they win over unnamed ones written before rows carried it.
    const rows = await this.store.all<{ path: string; size: number; mtime_ms: number; hash: string; skip: string | null; recorded_at: number }>(
      `SELECT path, size, mtime_ms, hash, skip, recorded_at FROM stamps WHERE root = ? AND ${own.sql} ORDER BY repository`,
      [root, ...own.params],
    );
    return new Map(rows.map((row) => [row.path, { size: row.size, mtimeMs: row.mtime_ms, hash: row.hash, skip: row.skip, recordedAt: row.recorded_at }]));
  }

  async saveStamps(root: string, stamps: Map<string, FileStamp>): Promise<void> {
    if (stamps.size === 0) return;
    const { repository } = this.loaded;
    const rows = [...stamps].map(([path, stamp]) => [repository, root, path, stamp.size, stamp.mtimeMs, stamp.hash, stamp.skip, stamp.recordedAt]);
    await this.store.transaction((tx) => insertRows(tx, "stamps", ["repository", "root", "path", "size", "mtime_ms", "hash", "skip", "recorded_at"], rows, { update: ["repository", "root", "path"] }));
  }

  async recordBuild(build: BuildRecord, now = Date.now()): Promise<void> {
    const { repository } = this.loaded;
    await this.store.transaction(async (tx) => {
      await tx.run("INSERT INTO builds (id, at, lookups, hits, total_tokens, fingerprint, category, repository) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [build.id, now, build.lookups, build.hits, build.totalTokens, build.fingerprint, build.category, repository]);
      const sent = build.sent.map((item) => [build.id, now, item.path, item.mode, build.fingerprint, build.category, repository]);
      await insertRows(tx, "sent", ["build_id", "at", "path", "mode", "fingerprint", "category", "repository"], sent);
    });
  }

  /** Files sent in this repository's earlier builds for the same failure fingerprint: how often each was sent (paths name files of one repository, whatever learning.scope says). */
  async sentBefore(fingerprints: string[]): Promise<Map<string, number>> {
    if (fingerprints.length === 0) return new Map();
    const own = oneRepository(this.loaded.repository);
    const rows = await this.store.all<{ path: string; times: number }>(
      `SELECT path, COUNT(*) AS times FROM sent WHERE fingerprint IN (${fingerprints.map(() => "?").join(",")}) AND ${own.sql} GROUP BY path`,
      [...fingerprints, ...own.params],
    );
    return new Map(rows.map((row) => [row.path, row.times]));
  }

  /** Per-file lookups and hits of the builds in the last `days`: this repository's, or every one's with --all-repos. */
  async stats(days: number, now = Date.now()): Promise<{ lookups: number; hits: number; hitRate: number | null }> {
    const repositories = reportRepositories(this.loaded);
    const row = await this.store.get<{ lookups: number | null; hits: number | null }>(`SELECT SUM(lookups) AS lookups, SUM(hits) AS hits FROM builds WHERE at >= ? AND ${repositories.sql}`, [
      now - days * DAY_MS,
      ...repositories.params,
    ]);
    const lookups = row?.lookups ?? 0;
    const hits = row?.hits ?? 0;
    return { lookups, hits, hitRate: lookups ? hits / lookups : null };
  }

  cleanup(retentionDays: number): Promise<CleanupResult> {
    return cleanupStore(this.store, retentionDays, [
      { table: "files", column: "created_at" },
      { table: "builds", column: "at" },
      { table: "sent", column: "at" },
      { table: "stamps", column: "recorded_at" },
      { table: "packs", column: "created_at" },
    ]);
  }

  get location(): string {
    return this.store.location;
  }

  close(): void {
    this.store.close();
  }
}
