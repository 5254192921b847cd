// The embedded backend: one SQLite file per concern under the cache root (e.g. metrics/metrics.db),
// in WAL mode with a busy timeout so concurrent writers wait instead of failing. A file that is
// corrupt, truncated or not SQLite is moved aside with a warning and recreated.

import { Database, type SQLQueryBindings } from "bun:sqlite";
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { warn } from "../log.ts";
import { migrationText, quoteIdentifier } from "./dialect.ts";
import type { Migrations, OpenStoreOptions, RunResult, SqlParam, Store } from "./store.ts";

const SQLITE_HEADER = "SQLite format 3\0";
/**
 * quick_check reads every page, which costs ~0.4 s per 100 MB on every open; above this size the
 * header, the page-count-versus-file-size check and a schema read are the check.
 */
const QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024;

/** Files already checked by this process: a library caller that opens a store per call pays once. */
const checkedThisProcess = new Set<string>();

export function sqliteFile(cacheRoot: string, name: StoreName): string {
  return join(cacheRoot, name, `${name}.db`);
}

export function openSqliteStore(name: StoreName, options: OpenStoreOptions): Store {
  const file = sqliteFile(options.cacheRoot, name);
  mkdirSync(join(options.cacheRoot, name), { recursive: true });
  let db = openChecked(file, options.busyTimeoutMs);
  if (!db) {
    moveAside(file);
    db = openChecked(file, options.busyTimeoutMs);
    if (!db) throw new CfoError("cannot create the database after moving the damaged one aside", { file });
  }
  migrate(db, file, options.migrations);
  return new SqliteStore(name, file, db);
}

/**
 * Opens and checks the file; undefined when it is damaged or not SQLite. Switching a new file to WAL
 * takes an exclusive lock that SQLite may refuse at once (no busy handler) while other processes open
 * the same new file, so a busy answer is retried until the busy timeout runs out.
 */
function openChecked(file: string, busyTimeoutMs: number): Database | undefined {
  const deadline = performance.now() + busyTimeoutMs;
  for (;;) {
    try {
      return openOnce(file, busyTimeoutMs);
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (performance.now() >= deadline) throw new CfoError(`database is busy beyond ${busyTimeoutMs} ms; raise storage.busyTimeoutMs`, { file });
      Bun.sleepSync(25);
    }
  }
}

function openOnce(file: string, busyTimeoutMs: number): Database | undefined {
  const header = existsSync(file) ? readHeader(file) : "whole";
  if (header === "not-sqlite") return undefined;
  let db: Database | undefined;
  try {
    db = new Database(file, { create: true, strict: true });
    db.run(`PRAGMA busy_timeout = ${Math.floor(busyTimeoutMs)}`);
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    db.query("SELECT count(*) FROM sqlite_master").get();
    // A file shorter than its header says is truncated, or was caught mid-checkpoint by another process:
    // only SQLite's own reading of every page tells which, whatever the file's size.
    if (header === "short" || (!checkedThisProcess.has(file) && statSync(file).size <= QUICK_CHECK_MAX_BYTES)) {
      const verdict = db.query("PRAGMA quick_check(1)").get() as { quick_check: string } | null;
      if (verdict?.quick_check !== "ok") throw new DamagedDatabase(verdict?.quick_check ?? "quick_check failed");
    }
    checkedThisProcess.add(file);
    return db;
  } catch (error) {
    db?.close();
    if (isDamage(error)) return undefined;
    if (isBusy(error)) throw error;
    // Anything else (no permission, disk full, I/O) says nothing about the file: never move it aside for it.
    throw new CfoError(`cannot open the database: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, { file });
  }
}

class DamagedDatabase extends Error {}

/** Only SQLite's own verdicts of damage: a file that is not a database, or whose pages are malformed. */
function isDamage(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? "");
  return error instanceof DamagedDatabase || /^SQLITE_(CORRUPT|NOTADB)/.test(code) || /malformed|not a database/i.test(String(error));
}

/**
 * The magic string, and whether the file is at least as long as the page count its header declares.
 * "short" is no verdict: a checkpoint in another process writes the new header before the pages that
 * make the file that long, and may end (removing the -wal file) between our reads, so it calls for quick_check.
 */
function readHeader(file: string): "whole" | "short" | "not-sqlite" {
  const size = statSync(file).size;
  if (size === 0) return "whole";
  const fd = openSync(file, "r");
  try {
    const header = Buffer.alloc(100);
    readSync(fd, header, 0, 100, 0);
    if (size < 512 || header.toString("latin1", 0, 16) !== SQLITE_HEADER) return "not-sqlite";
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    // The in-header page count is valid only when its "version-valid-for" matches the change counter.
    const pageCountValid = header.readUInt32BE(92) === header.readUInt32BE(24);
    return !pageCountValid || size >= header.readUInt32BE(28) * pageSize ? "whole" : "short";
  } finally {
    closeSync(fd);
  }
}

function moveAside(file: string): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const target = `${file}.corrupt-${stamp}`;
  renameSync(file, target);
  for (const suffix of ["-wal", "-shm"]) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  warn(`${file} was damaged or not a SQLite database; moved it to ${target} and started a new one (nothing was deleted)`);
}

function migrate(db: Database, file: string, migrations: Migrations): void {
  const version = () => (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (version() > migrations.length) {
    throw new CfoError(`database schema version ${version()} is newer than this cfo knows (${migrations.length}); upgrade cfo or point cacheDir elsewhere`, { file });
  }
  if (version() === migrations.length) return;
  db.run("BEGIN IMMEDIATE");
  try {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    for (let step = version(); step < migrations.length; step++) {
      db.run(migrationText(migrations[step]!, "sqlite"));
      db.run(`PRAGMA user_version = ${step + 1}`);
    }
    db.run("COMMIT");
  } catch (error) {
    db.run("ROLLBACK");
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && /SQLITE_BUSY|database is locked/i.test(`${(error as { code?: string }).code ?? ""} ${error.message}`);
}

class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: StoreName,
    readonly location: string,
    private readonly db: Database,
    /** 0 outside a transaction; inside one, nested transactions are savepoints. */
    private readonly depth = 0,
  ) {}

  async all<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.db.query(sql).all(...(params as SQLQueryBindings[])) as T[];
  }

  async get<T>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return (this.db.query(sql).get(...(params as SQLQueryBindings[])) as T | null) ?? undefined;
  }

  async run(sql: string, params: SqlParam[] = []): Promise<RunResult> {
    const result = this.db.query(sql).run(...(params as SQLQueryBindings[]));
    return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
  }

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const inner = new SqliteStore(this.name, this.location, this.db, this.depth + 1);
    if (this.depth > 0) return this.atomically(`SAVEPOINT cfo_${this.depth}`, `RELEASE cfo_${this.depth}`, `ROLLBACK TO cfo_${this.depth}; RELEASE cfo_${this.depth}`, () => work(inner));
    const next = this.queue.then(() => this.atomically("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK", () => work(inner)));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async atomically<T>(begin: string, commit: string, rollback: string, work: () => Promise<T>): Promise<T> {
    this.db.run(begin);
    try {
      const result = await work();
      this.db.run(commit);
      return result;
    } catch (error) {
      this.db.exec(rollback);
      throw error;
    }
  }

  async deleteOlderThan(table: string, column: string, cutoffMs: number): Promise<number> {
    return (await this.run(`DELETE FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column)} < ?`, [cutoffMs])).changes;
  }

  async compact(): Promise<void> {
    this.db.run("PRAGMA wal_checkpoint(TRUNCATE)");
    this.db.run("VACUUM");
  }

  async close(): Promise<void> {
    if (this.depth === 0) this.db.close();
  }
}
