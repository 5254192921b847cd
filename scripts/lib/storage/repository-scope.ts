// Which repositories' rows a query reads, as one SQL condition for every concern. Rows written before
// records carried a repository hold '' and belong to the store's own repository (a SQLite file serves
// one repository; --migrate-to names them on the way to a shared server).

import type { LoadedConfig } from "../config/load.ts";
import type { LearningScope } from "../config/types.ts";
import { quoteIdentifier } from "./dialect.ts";
import type { SqlParam } from "./store.ts";

export interface RepositoryFilter {
  /** A condition to AND into a WHERE clause, e.g. `repository IN (?, '')`, or `1 = 1` for every repository. */
  sql: string;
  params: SqlParam[];
  /** For reports: "acme/widgets" or "all repositories". */
  label: string;
}

/** Reports and analyses: the current repository, or every one with --all-repos. */
export function reportRepositories(loaded: LoadedConfig, column = "repository"): RepositoryFilter {
  return loaded.allRepos ? everyRepository() : oneRepository(loaded.repository, column);
}

/** Learned retry outcomes and recurring fingerprints: this repository's, or the organisation's (learning.scope). */
export function learningRepositories(loaded: LoadedConfig, column = "repository"): RepositoryFilter & { scope: LearningScope } {
  const { scope } = loaded.config.learning;
  return { scope, ...(scope === "organisation" ? everyRepository() : oneRepository(loaded.repository, column)) };
}

/** Rows of one repository: its own, plus those written before rows named their repository. */
export function oneRepository(repository: string, column = "repository"): RepositoryFilter {
  return { sql: `${qualified(column)} IN (?, '')`, params: [repository], label: repository };
}

function everyRepository(): RepositoryFilter {
  return { sql: "1 = 1", params: [], label: "all repositories" };
}

/** `repository` or `alias.repository`. */
function qualified(column: string): string {
  return column.split(".").map(quoteIdentifier).join(".");
}
