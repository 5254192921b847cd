// ContextCacheManager: the `context` store. Per-file analyses keyed by content hash (token count,
// imports, symbols, comment lines, hashed lexical terms; the redaction scan and the outline, which
// is built from redacted text), with a TTL; and per build what was sent, for stats and learning.
// No file text is stored except outlines made after redaction.

import type { LoadedConfig } from "../lib/config/load.ts";
import { cleanupStore, openConcernStore, type CleanupResult } from "../lib/storage/open.ts";
import type { SqlParam, Store } from "../lib/storage/store.ts";
import type { FileStamp } from "./collect.ts";
import type { SecretFinding } from "./secrets.ts";
import type { ItemMode } from "./types.ts";

const migrations = [
  `CREATE TABLE files (
     hash TEXT PRIMARY KEY,
     tokens INTEGER NOT NULL,
     imports TEXT,
     symbols TEXT,
     comment_lines TEXT,
     terms BLOB NOT NULL,
     secrets TEXT,
     outline TEXT,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX files_created ON files (created_at);
   CREATE TABLE builds (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     lookups INTEGER NOT NULL,
     hits INTEGER NOT NULL,
     total_tokens INTEGER NOT NULL,
     fingerprint TEXT,
     category TEXT
   );
   CREATE INDEX builds_at ON builds (at);
   CREATE TABLE sent (
     build_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     path TEXT NOT NULL,
     mode TEXT NOT NULL,
     fingerprint TEXT,
     category TEXT
   );
   CREATE INDEX sent_fingerprint ON sent (fingerprint, path);
   CREATE TABLE stamps (
     root TEXT NOT NULL,
     path TEXT NOT NULL,
     size INTEGER NOT NULL,
     mtime_ms REAL NOT NULL,
     hash TEXT NOT NULL,
     skip TEXT,
     recorded_at INTEGER NOT NULL,
     PRIMARY KEY (root, path)
   );`,
];

const LOOKUP_CHUNK = 400;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface ParsedSource {
  imports: string[];
  symbols: string[];
  commentLines: [number, number][];
}

/** What the cache holds about one content hash. */
export interface FileAnalysis {
  tokens: number;
  /** Null until the file was parsed (only files a signal or the pack needs are). */
  parsed: ParsedSource | null;
  /** Term hash -> occurrences, for the lexical score. */
  terms: Map<number, number>;
  /** Null until the file was scanned for secrets (only candidates are). */
  secrets: SecretFinding[] | null;
  outline: string | null;
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

interface FileRow {
  hash: string;
  tokens: number;
  imports: string | null;
  symbols: string | null;
  comment_lines: string | null;
  terms: Uint8Array;
  secrets: string | null;
  outline: string | null;
  created_at: number;
}

export class ContextCacheManager {
  private constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
  ) {}

  static async open(loaded: LoadedConfig): Promise<ContextCacheManager> {
    return new ContextCacheManager(await openConcernStore(loaded, "context", migrations), loaded.config.context.cacheTtlHours * HOUR_MS);
  }

  /** Fresh entries for the given content hashes (expired ones are left out, so they are rebuilt). */
  async lookup(hashes: string[], now = Date.now()): Promise<Map<string, FileAnalysis>> {
    const found = new Map<string, FileAnalysis>();
    for (let at = 0; at < hashes.length; at += LOOKUP_CHUNK) {
      const chunk = hashes.slice(at, at + LOOKUP_CHUNK);
      const rows = await this.store.all<FileRow>(`SELECT * FROM files WHERE hash IN (${chunk.map(() => "?").join(",")})`, chunk);
      for (const row of rows) if (now - row.created_at <= this.ttlMs) found.set(row.hash, fromRow(row));
    }
    return found;
  }

  async save(entries: Map<string, FileAnalysis>, now = Date.now()): Promise<void> {
    if (entries.size === 0) return;
    await this.store.transaction(async (tx) => {
      for (const [hash, analysis] of entries) {
        await tx.run("INSERT OR REPLACE INTO files (hash, tokens, imports, symbols, comment_lines, terms, secrets, outline, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", toParams(hash, analysis, now));
      }
    });
  }

  /** Size, mtime and hash of each path at the last build of `root`. */
  async stamps(root: string): Promise<Map<string, FileStamp>> {
    const rows = await this.store.all<{ path: string; size: number; mtime_ms: number; hash: string; skip: string | null; recorded_at: number }>("SELECT path, size, mtime_ms, hash, skip, recorded_at FROM stamps WHERE root = ?", [root]);
    return new Map(rows.map((row) => [row.path, { size: row.size, mtimeMs: row.mtime_ms, hash: row.hash, skip: row.skip, recordedAt: row.recorded_at }]));
  }

  async saveStamps(root: string, stamps: Map<string, FileStamp>): Promise<void> {
    if (stamps.size === 0) return;
    await this.store.transaction(async (tx) => {
      for (const [path, stamp] of stamps) {
        await tx.run("INSERT OR REPLACE INTO stamps (root, path, size, mtime_ms, hash, skip, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [root, path, stamp.size, stamp.mtimeMs, stamp.hash, stamp.skip, stamp.recordedAt]);
      }
    });
  }

  async recordBuild(build: BuildRecord, now = Date.now()): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run("INSERT INTO builds (id, at, lookups, hits, total_tokens, fingerprint, category) VALUES (?, ?, ?, ?, ?, ?, ?)", [build.id, now, build.lookups, build.hits, build.totalTokens, build.fingerprint, build.category]);
      for (const item of build.sent) await tx.run("INSERT INTO sent (build_id, at, path, mode, fingerprint, category) VALUES (?, ?, ?, ?, ?, ?)", [build.id, now, item.path, item.mode, build.fingerprint, build.category]);
    });
  }

  /** Files sent in earlier builds for the same failure fingerprint: how often each was sent. */
  async sentBefore(fingerprints: string[]): Promise<Map<string, number>> {
    if (fingerprints.length === 0) return new Map();
    const rows = await this.store.all<{ path: string; times: number }>(
      `SELECT path, COUNT(*) AS times FROM sent WHERE fingerprint IN (${fingerprints.map(() => "?").join(",")}) GROUP BY path`,
      fingerprints,
    );
    return new Map(rows.map((row) => [row.path, row.times]));
  }

  async stats(days: number, now = Date.now()): Promise<{ lookups: number; hits: number; hitRate: number | null }> {
    const row = await this.store.get<{ lookups: number | null; hits: number | null }>("SELECT SUM(lookups) AS lookups, SUM(hits) AS hits FROM builds WHERE at >= ?", [now - days * DAY_MS]);
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
    ]);
  }

  get location(): string {
    return this.store.location;
  }

  close(): void {
    this.store.close();
  }
}

function fromRow(row: FileRow): FileAnalysis {
  const words = new Uint32Array(row.terms.buffer.slice(row.terms.byteOffset, row.terms.byteOffset + row.terms.byteLength));
  const terms = new Map<number, number>();
  for (let i = 0; i + 1 < words.length; i += 2) terms.set(words[i]!, words[i + 1]!);
  return {
    tokens: row.tokens,
    parsed:
      row.imports === null
        ? null
        : { imports: JSON.parse(row.imports) as string[], symbols: JSON.parse(row.symbols ?? "[]") as string[], commentLines: JSON.parse(row.comment_lines ?? "[]") as [number, number][] },
    terms,
    secrets: row.secrets === null ? null : (JSON.parse(row.secrets) as SecretFinding[]),
    outline: row.outline,
  };
}

function toParams(hash: string, analysis: FileAnalysis, now: number): SqlParam[] {
  const words = new Uint32Array(analysis.terms.size * 2);
  let i = 0;
  for (const [term, count] of analysis.terms) {
    words[i++] = term;
    words[i++] = count;
  }
  return [
    hash,
    analysis.tokens,
    analysis.parsed ? JSON.stringify(analysis.parsed.imports) : null,
    analysis.parsed ? JSON.stringify(analysis.parsed.symbols) : null,
    analysis.parsed ? JSON.stringify(analysis.parsed.commentLines) : null,
    new Uint8Array(words.buffer),
    analysis.secrets === null ? null : JSON.stringify(analysis.secrets),
    analysis.outline,
    now,
  ];
}
