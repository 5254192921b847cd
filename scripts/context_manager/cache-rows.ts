// The context store's schema and how a file analysis is written to and read from its row (term
// counts as a compact Uint32 blob of hash/count pairs).

import type { Migrations, SqlParam } from "../lib/storage/store.ts";
import type { SecretFinding } from "../lib/secrets.ts";

export const contextMigrations: Migrations = [
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
  `CREATE TABLE packs (
     key TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     fingerprints TEXT NOT NULL,
     categories TEXT NOT NULL,
     learned TEXT NOT NULL,
     files INTEGER NOT NULL,
     pack TEXT NOT NULL,
     rendered TEXT NOT NULL
   );
   CREATE INDEX packs_created ON packs (created_at);`,
  // Builds, what they sent and the stamps of a checkout belong to one repository: on a shared server two
  // repositories check out to the same runner path. Files (by content hash) and packs (whose key hashes the
  // repository) stay shared.
  {
    sqlite: `ALTER TABLE builds ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE sent ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     CREATE TABLE stamps_by_repository (
       root TEXT NOT NULL,
       path TEXT NOT NULL,
       size INTEGER NOT NULL,
       mtime_ms REAL NOT NULL,
       hash TEXT NOT NULL,
       skip TEXT,
       recorded_at INTEGER NOT NULL,
       repository TEXT NOT NULL DEFAULT '',
       PRIMARY KEY (repository, root, path)
     );
     INSERT INTO stamps_by_repository (root, path, size, mtime_ms, hash, skip, recorded_at) SELECT root, path, size, mtime_ms, hash, skip, recorded_at FROM stamps;
     DROP TABLE stamps;
     ALTER TABLE stamps_by_repository RENAME TO stamps;`,
    postgres: `ALTER TABLE builds ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE sent ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE stamps ADD COLUMN repository TEXT NOT NULL DEFAULT '';
     ALTER TABLE stamps DROP CONSTRAINT stamps_pkey;
     ALTER TABLE stamps ADD PRIMARY KEY (repository, root, path);`,
  },
];

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

export interface FileRow {
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

export function fromRow(row: FileRow): FileAnalysis {
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

export function toParams(hash: string, analysis: FileAnalysis, now: number): SqlParam[] {
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
