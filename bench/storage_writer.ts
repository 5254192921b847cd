// One writer process of the storage ingest benchmark: opens the bench store on either backend, waits
// for the common start, inserts sample-like rows in transactions of BATCH rows until the deadline,
// and prints how many rows it committed. STYLE `statements` sends one INSERT per row, `values` one
// multi-row INSERT per transaction.
// Usage: bun bench/storage_writer.ts CACHE_ROOT|POSTGRES_URL WRITER START_AT_MS UNTIL_MS BATCH statements|values

import { openStore } from "../scripts/lib/storage/open.ts";
import type { Migrations } from "../scripts/lib/storage/store.ts";

export const BENCH_MIGRATIONS: Migrations = [
  `CREATE TABLE bench_samples (writer TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
     cpu_user REAL NOT NULL, cpu_system REAL NOT NULL, load1 REAL NOT NULL, mem_available INTEGER NOT NULL,
     disk_read INTEGER NOT NULL, disk_write INTEGER NOT NULL, net_rx INTEGER NOT NULL, net_tx INTEGER NOT NULL);
   CREATE INDEX bench_samples_at ON bench_samples (at)`,
];

const INSERT = "INSERT INTO bench_samples (writer, seq, at, cpu_user, cpu_system, load1, mem_available, disk_read, disk_write, net_rx, net_tx) VALUES ";
const ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

if (import.meta.main) {
  const [target, writer, startAt, until, batchText, style] = process.argv.slice(2) as [string, string, string, string, string, string];
  const batch = Number(batchText);
  const url = /^postgres(ql)?:\/\//.test(target) ? target : null;
  const store = await openStore("metrics", { cacheRoot: url ? "" : target, url, busyTimeoutMs: 30_000, migrations: BENCH_MIGRATIONS });
  await Bun.sleep(Math.max(0, Number(startAt) - Date.now()));
  let seq = 0;
  const sample = () => [writer, ++seq, Date.now(), 0.31, 0.07, 1.42, 6_000_000_000 + seq, seq * 4096, seq * 8192, seq * 1500, seq * 900];
  const multiRow = INSERT + Array.from({ length: batch }, () => ROW).join(", ");
  while (Date.now() < Number(until)) {
    await store.transaction(async (tx) => {
      if (style === "values") await tx.run(multiRow, Array.from({ length: batch }, sample).flat());
      else for (let i = 0; i < batch; i++) await tx.run(INSERT + ROW, sample());
    });
  }
  await store.close();
  process.stdout.write(`${seq}\n`);
}
