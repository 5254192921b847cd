// Integer keys that each SQLite file assigns (1, 2, 3, ...) would collide on a server that gathers
// many repositories' files: rows of such tables get the server's own keys, and a map of old to new
// keys, kept on the server beside the copy's progress, rewrites the columns that refer to them, so a
// resumed or later copy maps them the same way.

import type { Store } from "./store.ts";

export const KEYS_TABLE = "cfo_migration_keys";

export async function ensureKeysTable(target: Store): Promise<void> {
  await target.run(
    `CREATE TABLE IF NOT EXISTS ${KEYS_TABLE} (source TEXT NOT NULL, table_name TEXT NOT NULL, source_key BIGINT NOT NULL, target_key BIGINT NOT NULL, PRIMARY KEY (source, table_name, source_key))`,
  );
}

/** The server's keys for some of a parent table's SQLite keys (absent: the parent row was never copied). */
export async function mappedKeys(target: Store, source: string, table: string, keys: number[]): Promise<Map<number, number>> {
  const mapped = new Map<number, number>();
  const distinct = [...new Set(keys)];
  for (let start = 0; start < distinct.length; start += 10_000) {
    const slice = distinct.slice(start, start + 10_000);
    const rows = await target.all<{ source_key: number; target_key: number }>(
      `SELECT source_key, target_key FROM ${KEYS_TABLE} WHERE source = ? AND table_name = ? AND source_key IN (${slice.map(() => "?").join(", ")})`,
      [source, table, ...slice],
    );
    for (const row of rows) mapped.set(row.source_key, row.target_key);
  }
  return mapped;
}

export async function rememberKey(tx: Store, source: string, table: string, sourceKey: number, targetKey: number): Promise<void> {
  await tx.run(`INSERT INTO ${KEYS_TABLE} (source, table_name, source_key, target_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, [source, table, sourceKey, targetKey]);
}

/** Each UNIQUE index of a server table (primary key aside), as its column names: how a copied row finds its twin. */
export async function uniqueColumnSets(target: Store, table: string): Promise<string[][]> {
  const rows = await target.all<{ columns: string }>(
    `SELECT string_agg(a.attname, ',' ORDER BY k.n) AS columns
       FROM pg_index i
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = ?::regclass AND i.indisunique AND NOT i.indisprimary
      GROUP BY i.indexrelid`,
    [table],
  );
  return rows.map((row) => row.columns.split(","));
}
