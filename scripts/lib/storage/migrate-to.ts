// --migrate-to: copies the SQLite stores under the cache root into a PostgreSQL server, so a team can
// start small and move up without losing history. Each batch and its progress mark commit together,
// so an interrupted copy resumes where it stopped, and a second run copies only rows added since.

import { existsSync } from "node:fs";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { quoteIdentifier } from "./dialect.ts";
import { openStore } from "./open.ts";
import { sqliteFile } from "./sqlite.ts";
import { isPostgresUrl, type Migrations, type Store } from "./store.ts";

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;
const SOURCE_TABLE = "cfo_migration_source";
const PROGRESS_TABLE = "cfo_migration_progress";

export interface MigrateToOptions {
  cacheRoot: string;
  url: string;
  busyTimeoutMs: number;
  /** The stores to copy, each with its concern's migrations (both sides are brought to the same version first). */
  stores: { name: StoreName; migrations: Migrations }[];
  batchRows?: number;
  /** Where the per-table count lines go (default: stdout). */
  report?: (line: string) => void;
  /** Called after each committed batch. */
  onBatch?: (table: string, copiedSoFar: number) => void;
}

export interface TableCopy {
  store: StoreName;
  table: string;
  /** Rows in the SQLite table. */
  sourceRows: number;
  /** Rows a previous run had copied (or offered) already. */
  earlier: number;
  copied: number;
  /** Rows offered in this run whose key was on the server already (kept as they were there). */
  alreadyThere: number;
}

export async function migrateSqliteToPostgres(options: MigrateToOptions): Promise<TableCopy[]> {
  if (!isPostgresUrl(options.url)) throw new CfoError("--migrate-to takes a postgres:// or postgresql:// URL (value not shown: it may hold a password)");
  const report = options.report ?? ((line: string) => process.stdout.write(`${line}\n`));
  const copies: TableCopy[] = [];
  for (const { name, migrations } of options.stores) {
    const file = sqliteFile(options.cacheRoot, name);
    if (!existsSync(file)) {
      report(`${name}: no SQLite store at ${file}; nothing to copy`);
      continue;
    }
    const source = await openStore(name, { cacheRoot: options.cacheRoot, busyTimeoutMs: options.busyTimeoutMs, migrations });
    const target = await openStore(name, { cacheRoot: options.cacheRoot, busyTimeoutMs: options.busyTimeoutMs, migrations, url: options.url });
    try {
      const sourceId = await sourceIdentity(source);
      await target.run(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (source TEXT NOT NULL, table_name TEXT NOT NULL, last_rowid BIGINT NOT NULL, PRIMARY KEY (source, table_name))`);
      for (const table of await sourceTables(source)) {
        const copy = await copyTable(source, target, table, sourceId, options);
        copies.push(copy);
        report(`${name}.${table}: ${copy.sourceRows} rows in SQLite; ${copy.copied} copied now, ${copy.earlier} copied before, ${copy.alreadyThere} already on the server`);
      }
      report(`${name}: ${source.location} -> ${target.location}`);
    } finally {
      await source.close();
      await target.close();
    }
  }
  return copies;
}

/** A random id kept inside the SQLite file, so progress follows the file wherever actions/cache restores it. */
async function sourceIdentity(source: Store): Promise<string> {
  await source.run(`CREATE TABLE IF NOT EXISTS ${SOURCE_TABLE} (id TEXT NOT NULL)`);
  const found = await source.get<{ id: string }>(`SELECT id FROM ${SOURCE_TABLE}`);
  if (found) return found.id;
  const id = crypto.randomUUID();
  await source.run(`INSERT INTO ${SOURCE_TABLE} (id) VALUES (?)`, [id]);
  return id;
}

async function sourceTables(source: Store): Promise<string[]> {
  const rows = await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'cfo\\_%' ESCAPE '\\' ORDER BY name");
  return rows.map((row) => row.name);
}

async function copyTable(source: Store, target: Store, table: string, sourceId: string, options: MigrateToOptions): Promise<TableCopy> {
  const sourceColumns = (await source.all<{ name: string }>("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table])).map((c) => c.name);
  const targetColumns = await target.all<{ name: string; identity: string }>(
    "SELECT column_name AS name, is_identity AS identity FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
    [table],
  );
  if (!targetColumns.length) throw new CfoError(`the server has no table ${target.name}.${table}; both sides ran the same migrations, so this store's schema differs from the concern's`);
  const onServer = new Set(targetColumns.map((c) => c.name));
  const missing = sourceColumns.filter((c) => !onServer.has(c));
  if (missing.length) throw new CfoError(`${target.name}.${table} on the server lacks columns ${missing.join(", ")}; not copying a part of each row`);
  const columns = sourceColumns.map(quoteIdentifier).join(", ");
  const batchRows = Math.max(1, Math.min(options.batchRows ?? 1000, Math.floor(MAX_PARAMS / sourceColumns.length)));
  const sourceRows = (await source.get<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`))!.n;
  let last = (await target.get<{ last_rowid: number }>(`SELECT last_rowid FROM ${PROGRESS_TABLE} WHERE source = ? AND table_name = ?`, [sourceId, table]))?.last_rowid ?? 0;
  const earlier = (await source.get<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdentifier(table)} WHERE rowid <= ?`, [last]))!.n;
  let copied = 0;
  let alreadyThere = 0;
  for (;;) {
    const rows = await source.all<Record<string, unknown>>(`SELECT rowid AS cfo_rowid, ${columns} FROM ${quoteIdentifier(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`, [last, batchRows]);
    if (!rows.length) break;
    const values = rows.flatMap((row) => sourceColumns.map((column) => row[column])) as (string | number | null | Uint8Array)[];
    const tuple = `(${sourceColumns.map(() => "?").join(", ")})`;
    const batchEnd = rows[rows.length - 1]!.cfo_rowid as number;
    const inserted = await target.transaction(async (tx) => {
      const { changes } = await tx.run(`INSERT INTO ${quoteIdentifier(table)} (${columns}) VALUES ${rows.map(() => tuple).join(", ")} ON CONFLICT DO NOTHING`, values);
      await tx.run(
        `INSERT INTO ${PROGRESS_TABLE} (source, table_name, last_rowid) VALUES (?, ?, ?) ON CONFLICT (source, table_name) DO UPDATE SET last_rowid = excluded.last_rowid`,
        [sourceId, table, batchEnd],
      );
      return changes;
    });
    last = batchEnd;
    copied += inserted;
    alreadyThere += rows.length - inserted;
    options.onBatch?.(table, copied);
  }
  for (const column of targetColumns.filter((c) => c.identity === "YES")) await advanceIdentity(target, table, column.name);
  return { store: target.name, table, sourceRows, earlier, copied, alreadyThere };
}

/** Copied rows kept their keys; the server's own next key must come after them. */
async function advanceIdentity(target: Store, table: string, column: string): Promise<void> {
  await target.get(
    `SELECT setval(pg_get_serial_sequence(?, ?), (SELECT COALESCE(MAX(${quoteIdentifier(column)}), 0) + 1 FROM ${quoteIdentifier(table)}), false)`,
    [table, column],
  );
}
