// The shared server backend: a concern's tables in its own PostgreSQL schema (cfo_metrics, ...) on a
// team's server, through Bun's built-in SQL client with a small pool. Statements keep the portable
// `?` placeholders of the Store interface and rows come back with the JS types SQLite gives.

import { SQL, type TransactionSQL } from "bun";
import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { postgresPlaceholders, quoteIdentifier } from "./dialect.ts";
import { migratePostgres } from "./postgres-migrate.ts";
import { serverError } from "./postgres-errors.ts";
import type { OpenStoreOptions, RunResult, SqlParam, Store } from "./store.ts";

/** Connections per process: a CI step runs a handful of statements at a time, and 20 runners share one server. */
const POOL_MAX = 4;
const CONNECT_TIMEOUT_S = 10;
/** A long-lived sampler gives idle connections back to the server. */
const IDLE_TIMEOUT_S = 30;
/** Deadlocks and serialisation failures are retried; the work re-runs from the start of the transaction. */
const TRANSACTION_ATTEMPTS = 3;

/** PostgreSQL type ids whose values Bun returns as strings: int8, numeric. */
const NUMERIC_TYPES = new Set([20, 1700]);
const BOOLEAN_TYPE = 16;

function schemaFor(name: StoreName): string {
  return `cfo_${name}`;
}

/** The server URL for messages: no password, no query string (which may carry one). */
function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CfoError("is not a valid postgres://user@host:port/database URL (value not shown: it may hold a password)", undefined, "storage.url");
  }
  const user = parsed.username ? `${parsed.username}@` : "";
  return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
}

function databaseOf(url: string): string | undefined {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || undefined;
}

export async function openPostgresStore(name: StoreName, options: OpenStoreOptions & { url: string }): Promise<Store> {
  const schema = schemaFor(name);
  const location = `${redactUrl(options.url)} (schema ${schema})`;
  const pool = new SQL(options.url, {
    // The URL's database wins over a PGDATABASE that happens to be set in the runner's environment.
    database: databaseOf(options.url),
    max: POOL_MAX,
    connectionTimeout: CONNECT_TIMEOUT_S,
    idleTimeout: IDLE_TIMEOUT_S,
    // Startup parameters hold on every pooled connection, so unqualified table names always mean this store's.
    connection: { search_path: schema, application_name: `cfo-${name}`, lock_timeout: `${Math.floor(options.busyTimeoutMs)}ms` },
  });
  try {
    await migratePostgres(pool, schema, options.migrations, location);
  } catch (error) {
    void pool.close();
    throw serverError(error, location, options.busyTimeoutMs, options.url);
  }
  return new PostgresStore(name, location, schema, pool, { busyTimeoutMs: options.busyTimeoutMs, url: options.url });
}

interface Settings {
  busyTimeoutMs: number;
  url: string;
}

class PostgresStore implements Store {
  readonly dialect = "postgres" as const;

  constructor(
    readonly name: StoreName,
    readonly location: string,
    private readonly schema: string,
    private readonly client: SQL,
    private readonly settings: Settings,
    private readonly inTransaction = false,
  ) {}

  async all<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async run(sql: string, params: SqlParam[] = []): Promise<RunResult> {
    const { rows, changes } = await this.query(sql, params);
    const first = rows[0] ? Object.values(rows[0])[0] : undefined;
    return { changes, lastInsertId: typeof first === "number" ? first : 0 };
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) {
      return (await (this.client as TransactionSQL).savepoint((savepoint) => work(this.within(savepoint)))) as T;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.client.begin((tx) => work(this.within(tx)))) as T;
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryable(error)) throw this.translate(error);
        await Bun.sleep(10 * attempt + Math.random() * 40);
      }
    }
  }

  async deleteOlderThan(table: string, column: string, cutoffMs: number): Promise<number> {
    return (await this.run(`DELETE FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column)} < ?`, [cutoffMs])).changes;
  }

  /**
   * VACUUM (ANALYZE) the store's tables: it makes the space of deleted rows reusable and refreshes the
   * planner's statistics, and it runs beside writers. VACUUM FULL would return space to the OS but
   * locks each table exclusively, which a cron cleanup must not do to runners writing meanwhile.
   */
  async compact(): Promise<void> {
    if (this.inTransaction) throw new Error("compact() cannot run inside a transaction");
    const tables = await this.all<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename", [this.schema]);
    if (!tables.length) return;
    const names = tables.map((t) => `${quoteIdentifier(this.schema)}.${quoteIdentifier(t.tablename)}`);
    await this.client.unsafe(`VACUUM (ANALYZE) ${names.join(", ")}`).catch((error: unknown) => {
      throw this.translate(error);
    });
  }

  async close(): Promise<void> {
    if (!this.inTransaction) await this.client.close({ timeout: 5 }).catch(() => undefined);
  }

  private within(tx: TransactionSQL): PostgresStore {
    return new PostgresStore(this.name, this.location, this.schema, tx, this.settings, true);
  }

  private async query(sql: string, params: SqlParam[]): Promise<{ rows: Record<string, unknown>[]; changes: number }> {
    try {
      const result = await this.client.unsafe(postgresPlaceholders(sql), params.map(toServerParam));
      return { rows: normaliseRows(result), changes: result.affectedRows ?? 0 };
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    return serverError(error, this.location, this.settings.busyTimeoutMs, this.settings.url);
  }
}

/** SQLite binds booleans as 1 and 0; integer columns on the server would refuse true and false. */
function toServerParam(param: SqlParam): SqlParam {
  return typeof param === "boolean" ? Number(param) : param;
}

/** int8 and numeric arrive as strings and booleans as booleans; SQLite code expects numbers for all three. */
function normaliseRows(result: Record<string, unknown>[] & { columns?: { name: string; type: number }[] | null }): Record<string, unknown>[] {
  const converted = (result.columns ?? []).filter((column) => NUMERIC_TYPES.has(column.type) || column.type === BOOLEAN_TYPE);
  const rows = [...result];
  if (!converted.length) return rows;
  for (const row of rows) {
    for (const { name } of converted) {
      const value = row[name];
      if (typeof value === "string" || typeof value === "boolean") row[name] = Number(value);
    }
  }
  return rows;
}

function isRetryable(error: unknown): boolean {
  const code = (error as { errno?: unknown }).errno;
  return code === "40001" || code === "40P01";
}
