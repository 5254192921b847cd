// One throwaway PostgreSQL cluster per test file: started before the file's tests, stopped after.
// Without PostgreSQL's binaries `available` is false (and postgresAvailable says so, loudly).

import { afterAll, beforeAll } from "bun:test";
import { postgresAvailable, startCluster, type PostgresCluster } from "./postgres.ts";

export function clusterForSuite(suite: string): { available: boolean; cluster: () => PostgresCluster } {
  const available = postgresAvailable(suite);
  let started: PostgresCluster | undefined;
  beforeAll(async () => {
    if (available) started = await startCluster();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    available,
    cluster: () => {
      if (!started) throw new Error("the PostgreSQL cluster is not running (its tests should have been skipped)");
      return started;
    },
  };
}
