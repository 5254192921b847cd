// --migrate-to: copies the SQLite stores under the cache root into a PostgreSQL server, so a team can
// start small and move up without losing history. Each batch and its progress mark commit together,
// so an interrupted copy resumes where it stopped, and a second run copies only rows added since.
// Rows written before records named their repository get the migrating repository's name, and
// integer keys get the server's own (see migrate-keys.ts), so many repositories' files can meet.

import { existsSync } from "node:fs";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { quoteIdentifier } from "./dialect.ts";
import { insertRows, MAX_PARAMS } from "./insert-rows.ts";
import { ensureKeysTable, mappedKeys, rememberKey, uniqueColumnSets } from "./migrate-keys.ts";
import { openStore } from "./open.ts";
import { sqliteFile } from "./sqlite.ts";
import { isPostgresUrl, type Migrations, type SqlParam, type Store } from "./store.ts";

const SOURCE_TABLE = "cfo_migration_source";
const PROGRESS_TABLE = "cfo_migration_progress";

/** What a copy must know about a store's tables beyond their columns. */
export interface StoreCopying {
  /**
   * `"child_table.column": "parent_table"`: the column holds the parent's integer primary key. Those keys are
   * re-numbered on the way to the server (two repositories' files both start at 1), the column with them.
   */
  references?: Record<string, string>;
  /**
   * `"parent_table.column": "SQL expression"`: a figure derived from other tables (a row count kept for
   * speed), computed again on the server for the parent rows a copy added to or matched.
   */
  refresh?: Record<string, string>;
}

/** A store to copy: its concern's migrations, and how its tables refer to each other. */
export interface MigratedStore extends StoreCopying {
  name: StoreName;
  migrations: Migrations;
}

export interface MigrateToOptions {
  cacheRoot: string;
  url: string;
  busyTimeoutMs: number;
  /** owner/name given to rows that carry no repository yet (the store's own, written before they did). */
  repository: string;
  /** The stores to copy, each with its concern's migrations (both sides are brought to the same version first). */
  stores: MigratedStore[];
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
  /** Rows left behind because the row they refer to is gone from SQLite (e.g. removed by retention). */
  orphaned: number;
}

/** How one table's rows travel: which key the server assigns anew, and which columns follow another table's new keys. */
interface TablePlan {
  table: string;
  sourceColumns: string[];
  /** The identity column whose values the server assigns (undefined: keys are copied as they are). */
  identity?: string;
  /** Other tables refer to this one's keys: remember each row's new key. */
  referenced: boolean;
  references: { column: string; parent: string }[];
  uniqueSets: string[][];
}

export async function migrateSqliteToPostgres(options: MigrateToOptions): Promise<TableCopy[]> {
  if (!isPostgresUrl(options.url)) throw new CfoError("--migrate-to takes a postgres:// or postgresql:// URL (value not shown: it may hold a password)");
  const report = options.report ?? ((line: string) => process.stdout.write(`${line}\n`));
  const copies: TableCopy[] = [];
  for (const store of options.stores) {
    const file = sqliteFile(options.cacheRoot, store.name);
    if (!existsSync(file)) {
      report(`${store.name}: no SQLite store at ${file}; nothing to copy`);
      continue;
    }
    const source = await openStore(store.name, { cacheRoot: options.cacheRoot, busyTimeoutMs: options.busyTimeoutMs, migrations: store.migrations });
    const target = await openStore(store.name, { cacheRoot: options.cacheRoot, busyTimeoutMs: options.busyTimeoutMs, migrations: store.migrations, url: options.url });
    try {
      const sourceId = await sourceIdentity(source);
      await target.run(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (source TEXT NOT NULL, table_name TEXT NOT NULL, last_rowid BIGINT NOT NULL, PRIMARY KEY (source, table_name))`);
      await ensureKeysTable(target);
      const touched = new Map<string, TouchedRows>();
      for (const table of parentsFirst(await sourceTables(source), store)) {
        const plan = await planTable(source, target, table, store);
        if (plan.referenced) touched.set(table, { identity: plan.identity, keys: [] });
        const copy = await copyTable(source, target, plan, sourceId, options, touched);
        copies.push(copy);
        const orphans = copy.orphaned ? `, ${copy.orphaned} left behind (the row they refer to is gone)` : "";
        report(`${store.name}.${table}: ${copy.sourceRows} rows in SQLite; ${copy.copied} copied now, ${copy.earlier} copied before, ${copy.alreadyThere} already on the server${orphans}`);
      }
      await refreshDerived(target, store, touched);
      report(`${store.name}: ${source.location} -> ${target.location}`);
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

/** Referenced tables go first, so their new keys are known when the rows that refer to them arrive. */
function parentsFirst(tables: string[], store: MigratedStore): string[] {
  const parents = new Set(Object.values(store.references ?? {}));
  return [...tables.filter((t) => parents.has(t)), ...tables.filter((t) => !parents.has(t))];
}

async function planTable(source: Store, target: Store, table: string, store: MigratedStore): Promise<TablePlan> {
  const sourceColumns = (await source.all<{ name: string }>("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table])).map((c) => c.name);
  const targetColumns = await target.all<{ name: string; identity: string }>(
    "SELECT column_name AS name, is_identity AS identity FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
    [table],
  );
  if (!targetColumns.length) throw new CfoError(`the server has no table ${target.name}.${table}; both sides ran the same migrations, so this store's schema differs from the concern's`);
  const onServer = new Set(targetColumns.map((c) => c.name));
  const missing = sourceColumns.filter((c) => !onServer.has(c));
  if (missing.length) throw new CfoError(`${target.name}.${table} on the server lacks columns ${missing.join(", ")}; not copying a part of each row`);
  const references = Object.entries(store.references ?? {})
    .map(([child, parent]) => ({ child: child.split("."), parent }))
    .filter(({ child }) => child[0] === table)
    .map(({ child, parent }) => ({ column: child[1]!, parent }));
  return {
    table,
    sourceColumns,
    identity: targetColumns.find((c) => c.identity === "YES")?.name,
    referenced: Object.values(store.references ?? {}).includes(table),
    references,
    uniqueSets: await uniqueColumnSets(target, table),
  };
}

async function copyTable(source: Store, target: Store, plan: TablePlan, sourceId: string, options: MigrateToOptions, touched: Map<string, TouchedRows>): Promise<TableCopy> {
  const { table, sourceColumns, identity } = plan;
  const columns = sourceColumns.filter((c) => c !== identity);
  const batchRows = Math.max(1, Math.min(options.batchRows ?? 1000, Math.floor(MAX_PARAMS / sourceColumns.length)));
  const quoted = quoteIdentifier(table);
  const sourceRows = (await source.get<{ n: number }>(`SELECT count(*) AS n FROM ${quoted}`))!.n;
  let last = (await target.get<{ last_rowid: number }>(`SELECT last_rowid FROM ${PROGRESS_TABLE} WHERE source = ? AND table_name = ?`, [sourceId, table]))?.last_rowid ?? 0;
  const earlier = (await source.get<{ n: number }>(`SELECT count(*) AS n FROM ${quoted} WHERE rowid <= ?`, [last]))!.n;
  const totals = { copied: 0, alreadyThere: 0, orphaned: 0 };
  for (;;) {
    const rows = await source.all<Row>(`SELECT rowid AS cfo_rowid, ${sourceColumns.map(quoteIdentifier).join(", ")} FROM ${quoted} WHERE rowid > ? ORDER BY rowid LIMIT ?`, [last, batchRows]);
    if (!rows.length) break;
    const batchEnd = rows[rows.length - 1]!.cfo_rowid as number;
    const ready = await followNewKeys(target, plan, sourceId, rows.map((row) => withRepository(row, options.repository)));
    const inserted = await target.transaction(async (tx) => {
      const copied = plan.referenced && identity ? await insertRemembering(tx, plan, columns, ready, sourceId, touched) : await insertRows(tx, table, columns, ready.map((row) => columns.map((column) => row[column]) as SqlParam[]), "ignore");
      await tx.run(
        `INSERT INTO ${PROGRESS_TABLE} (source, table_name, last_rowid) VALUES (?, ?, ?) ON CONFLICT (source, table_name) DO UPDATE SET last_rowid = excluded.last_rowid`,
        [sourceId, table, batchEnd],
      );
      return copied;
    });
    last = batchEnd;
    totals.copied += inserted;
    totals.alreadyThere += ready.length - inserted;
    totals.orphaned += rows.length - ready.length;
    options.onBatch?.(table, totals.copied);
  }
  if (identity) await advanceIdentity(target, table, identity);
  return { store: target.name, table, sourceRows, earlier, ...totals };
}

type Row = Record<string, unknown>;

/** A referenced table's server keys that this copy added or matched (their derived figures are refreshed). */
interface TouchedRows {
  identity: string | undefined;
  keys: number[];
}

/** Rows written before records named their repository belong to the store's own. */
function withRepository(row: Row, repository: string): Row {
  return row.repository === "" ? { ...row, repository } : row;
}

/** Rewrites columns that hold another table's old keys; rows whose parent was never copied are dropped. */
async function followNewKeys(target: Store, plan: TablePlan, sourceId: string, rows: Row[]): Promise<Row[]> {
  let kept = rows;
  for (const { column, parent } of plan.references) {
    const keys = await mappedKeys(target, sourceId, parent, kept.map((row) => row[column] as number));
    kept = kept.filter((row) => keys.has(row[column] as number)).map((row) => ({ ...row, [column]: keys.get(row[column] as number) }));
  }
  return kept;
}

/** One row at a time, keeping each row's new key (or its twin's, when the row was on the server already). */
async function insertRemembering(tx: Store, plan: TablePlan, columns: string[], rows: Row[], sourceId: string, touched: Map<string, TouchedRows>): Promise<number> {
  const { keys } = touched.get(plan.table)!;
  const identity = plan.identity!;
  const sql = `INSERT INTO ${quoteIdentifier(plan.table)} (${columns.map(quoteIdentifier).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING RETURNING ${quoteIdentifier(identity)} AS key`;
  let inserted = 0;
  for (const row of rows) {
    const created = await tx.get<{ key: number }>(sql, columns.map((column) => row[column]) as SqlParam[]);
    const key = created?.key ?? (await twinKey(tx, plan, row));
    if (created) inserted++;
    if (key === undefined) continue;
    await rememberKey(tx, sourceId, plan.table, row[identity] as number, key);
    keys.push(key);
  }
  return inserted;
}

/**
 * The key of the server row that a copied row collided with, found through a UNIQUE index. The twin
 * takes what it lacks from the copy (its NULL columns): a run begun on the server and finished on the
 * local file while the server was down ends up finished.
 */
async function twinKey(tx: Store, plan: TablePlan, row: Row): Promise<number | undefined> {
  const unique = plan.uniqueSets.find((set) => set.every((column) => column in row));
  if (!unique) return undefined;
  const where = unique.map((column) => `${quoteIdentifier(column)} IS NOT DISTINCT FROM ?`).join(" AND ");
  const keyParams = unique.map((c) => row[c]) as SqlParam[];
  const twin = await tx.get<{ key: number }>(`SELECT ${quoteIdentifier(plan.identity!)} AS key FROM ${quoteIdentifier(plan.table)} WHERE ${where}`, keyParams);
  const fillable = plan.sourceColumns.filter((c) => c !== plan.identity && !unique.includes(c) && row[c] !== null);
  if (twin && fillable.length) {
    const fill = fillable.map((c) => `${quoteIdentifier(c)} = COALESCE(${quoteIdentifier(c)}, ?)`).join(", ");
    await tx.run(`UPDATE ${quoteIdentifier(plan.table)} SET ${fill} WHERE ${where}`, [...(fillable.map((c) => row[c]) as SqlParam[]), ...keyParams]);
  }
  return twin?.key;
}

/** Derived figures of the parent rows this copy added to or matched, computed from what is on the server now. */
async function refreshDerived(target: Store, store: MigratedStore, touched: Map<string, TouchedRows>): Promise<void> {
  for (const [at, expression] of Object.entries(store.refresh ?? {})) {
    const [table, column] = at.split(".") as [string, string];
    const { identity, keys } = touched.get(table) ?? {};
    if (!identity || !keys) throw new CfoError(`${store.name}.${table} has no identity key; refresh applies to tables others refer to`);
    for (let start = 0; start < keys.length; start += 10_000) {
      const slice = keys.slice(start, start + 10_000);
      await target.run(`UPDATE ${quoteIdentifier(table)} SET ${quoteIdentifier(column)} = ${expression} WHERE ${quoteIdentifier(identity)} IN (${slice.map(() => "?").join(", ")})`, slice);
    }
  }
}

/** Rows copied with explicit keys (earlier versions did) must not be handed out again by the sequence. */
async function advanceIdentity(target: Store, table: string, column: string): Promise<void> {
  await target.get(
    `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST((SELECT COALESCE(MAX(${quoteIdentifier(column)}), 0) + 1 FROM ${quoteIdentifier(table)}), nextval(pg_get_serial_sequence(?, ?))), false)`,
    [table, column, table, column],
  );
}
