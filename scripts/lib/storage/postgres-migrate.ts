// Schema migrations on the shared server: each store's version lives in its schema's
// cfo_schema_version table; steps are applied in one transaction under an advisory lock, so twenty
// runners starting at once apply each step exactly once and the others wait, then find it done.

import type { SQL, TransactionSQL } from "bun";
import { CfoError } from "../errors.ts";
import { migrationText, quoteIdentifier } from "./dialect.ts";
import type { Migrations } from "./store.ts";

const VERSION_TABLE = "cfo_schema_version";

export async function migratePostgres(pool: SQL, schema: string, migrations: Migrations, location: string): Promise<void> {
  // A read first: an up-to-date store needs no lock and no CREATE privilege.
  if (checkedVersion(await schemaVersion(pool, schema), migrations, location) === migrations.length) return;
  await pool.begin(async (tx) => {
    // Transaction-scoped: released by COMMIT or ROLLBACK, even when this process dies.
    await tx.unsafe("SELECT pg_advisory_xact_lock(hashtext($1))", [`cfo:migrate:${schema}`]);
    const qualifiedVersion = `${quoteIdentifier(schema)}.${VERSION_TABLE}`;
    await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await tx.unsafe(`CREATE TABLE IF NOT EXISTS ${qualifiedVersion} (version INTEGER NOT NULL)`);
    // Re-read under the lock: another runner may have migrated meanwhile.
    const from = checkedVersion(await schemaVersion(tx, schema), migrations, location);
    for (let step = from; step < migrations.length; step++) await tx.unsafe(migrationText(migrations[step]!, "postgres"));
    await tx.unsafe(`DELETE FROM ${qualifiedVersion}`);
    await tx.unsafe(`INSERT INTO ${qualifiedVersion} (version) VALUES ($1)`, [migrations.length]);
  });
}

/** The store's schema version; 0 before its first migration. */
async function schemaVersion(client: SQL | TransactionSQL, schema: string): Promise<number> {
  const [found] = await client.unsafe("SELECT to_regclass($1) IS NOT NULL AS present", [`${quoteIdentifier(schema)}.${VERSION_TABLE}`]);
  if (!found?.present) return 0;
  const [row] = await client.unsafe(`SELECT version FROM ${quoteIdentifier(schema)}.${VERSION_TABLE}`);
  return row ? Number(row.version) : 0;
}

function checkedVersion(version: number, migrations: Migrations, location: string): number {
  if (version > migrations.length) {
    throw new CfoError(`database schema version ${version} is newer than this cfo knows (${migrations.length}); upgrade cfo or point storage.url elsewhere`, { file: location });
  }
  return version;
}
