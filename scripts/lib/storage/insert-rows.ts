// Many rows in few statements, on either backend: one multi-row INSERT per chunk (a round trip per
// few thousand values, not per row: on a server each one costs network time), each chunk under both
// engines' limit on bound parameters.

import { quoteIdentifier } from "./dialect.ts";
import type { SqlParam, Store } from "./store.ts";

/** Parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
export const MAX_PARAMS = 20_000;

/** What a row whose key is taken does: fail the statement, leave the stored row (`ignore`), or replace its other columns. */
export type OnConflict = "fail" | "ignore" | { update: string[] };

/** Inserts `rows` (one value per column, in order); returns how many rows were written. */
export async function insertRows(tx: Store, table: string, columns: string[], rows: SqlParam[][], onConflict: OnConflict = "fail"): Promise<number> {
  const row = `(${columns.map(() => "?").join(", ")})`;
  const head = `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(", ")}) VALUES `;
  const tail = conflictClause(columns, onConflict);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let written = 0;
  for (let at = 0; at < rows.length; at += perStatement) {
    const chunk = rows.slice(at, at + perStatement);
    written += (await tx.run(`${head}${chunk.map(() => row).join(", ")}${tail}`, chunk.flat())).changes;
  }
  return written;
}

function conflictClause(columns: string[], onConflict: OnConflict): string {
  if (onConflict === "fail") return "";
  if (onConflict === "ignore") return " ON CONFLICT DO NOTHING";
  const { update: key } = onConflict;
  const set = columns.filter((column) => !key.includes(column)).map((column) => `${quoteIdentifier(column)} = excluded.${quoteIdentifier(column)}`);
  return ` ON CONFLICT (${key.map(quoteIdentifier).join(", ")}) DO UPDATE SET ${set.join(", ")}`;
}
