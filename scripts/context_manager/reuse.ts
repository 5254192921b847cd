// Whole-pack reuse: an unchanged tree (git's view) with the same failure input, task, budget, format
// and configuration gets the pack built before, unless what feedback learned has changed since.

import type { LoadedConfig } from "../lib/config/load.ts";
import { stableHash } from "../lib/hash.ts";
import type { ContextCacheManager } from "./cache.ts";
import { failureIdentity } from "./failure.ts";
import { ownCacheFolder } from "./collect.ts";
import { treeState } from "./git.ts";
import { learnedFixedFiles } from "./learning.ts";
import type { BuildOptions, ContextBuild } from "./manager.ts";
import { renderPack, type PackFormat } from "./render.ts";
import type { ContextPack } from "./types.ts";

/**
 * The key of a reusable pack: repository, tree state (git), failure input identity, task, budget, format,
 * configuration. Two repositories may check out to the same runner path, so the repository is part of it.
 */
export function reusablePackKey(loaded: LoadedConfig, options: BuildOptions, shape: { budget: number; maxItems: number; format: PackFormat }): string | null {
  // Plugin collectors compute their items each time; a reused pack would hide their changes.
  if (loaded.plugins.some((plugin) => plugin.definition.contextCollectors?.length)) return null;
  const failure = failureIdentity(options);
  const tree = treeState(loaded.projectRoot, ownCacheFolder(loaded.projectRoot, loaded.cacheRoot));
  if (failure === undefined || tree === null) return null;
  return stableHash({ repository: loaded.repository, tree, failure, task: options.task ?? null, base: options.base ?? loaded.config.context.base, ...shape, config: loaded.hash });
}

/** The stored pack, when what feedback learned for its failure is still what it was ranked with. */
export async function reusePack(loaded: LoadedConfig, cache: ContextCacheManager, key: string, format: PackFormat, count: (t: string) => number, budget: number): Promise<ContextBuild | undefined> {
  const stored = await cache.findPack(key);
  if (!stored) return undefined;
  const learned = stored.fingerprints.length || stored.categories.length ? await learnedFixedFiles(loaded, { fingerprints: stored.fingerprints, categories: stored.categories }) : [];
  if (stableHash(learned) !== stored.learned) return undefined;
  const pack: ContextPack = { ...stored.pack, cache: { hits: stored.files, misses: 0, hitRate: stored.files ? 1 : null } };
  // Only the JSON form shows the cache figures; markdown and XML are reused as they were.
  const rendered = format === "json" ? renderPack(pack, format) : stored.rendered;
  if (count(rendered) > budget && pack.tokenCounter === "estimate") return undefined;
  await recordBuild(cache, pack, stored.files, stored.files, pack.failure ? { fingerprints: pack.failure.fingerprints, summary: pack.failure } : null);
  return { pack, rendered, explanation: { ranked: [], skipped: [], pluginItems: [] } };
}

export async function recordBuild(cache: ContextCacheManager, pack: ContextPack, lookups: number, hits: number, failure: { fingerprints: string[]; summary: { category: string | null } } | null): Promise<void> {
  await cache.recordBuild({
    id: stableHash({ at: Date.now(), random: Math.random() }).slice(0, 16),
    lookups,
    hits,
    totalTokens: pack.totalTokens,
    fingerprint: failure?.fingerprints[0] ?? null,
    category: failure?.summary.category ?? null,
    sent: pack.items.map((i) => ({ path: i.path, mode: i.mode })),
  });
}

