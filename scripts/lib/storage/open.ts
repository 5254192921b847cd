// Opens a concern's store on the configured backend.

import type { StoreName } from "../config/types.ts";
import { CfoError } from "../errors.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { OpenStoreOptions, Store } from "./store.ts";

export async function openStore(name: StoreName, options: OpenStoreOptions): Promise<Store> {
  if (options.url && /^postgres(ql)?:/.test(options.url)) {
    throw new CfoError("a PostgreSQL store is not available in this version; remove storage.url to use the embedded SQLite", { file: "storage.url" });
  }
  return openSqliteStore(name, options);
}
