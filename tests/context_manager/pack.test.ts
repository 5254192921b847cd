// The pack from the CLI on real git repositories: ranking with reasons, budget fitting, formats,
// the cache's second build, and the skip reasons; on both store backends.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { estimateTokens } from "../../scripts/context_manager/tokens.ts";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { runScript, tempDir, writeFiles } from "../helpers/run.ts";
import { storeBackends, type StoreBackend } from "./backends.ts";
import { cartError, cartLog, cartProject, filler, writeAnalysis } from "./fixtures.ts";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

async function project(backend: StoreBackend, extra: Record<string, string> = {}) {
  const repo = cartProject(extra);
  const work = tempDir("cfo-ctx-");
  cleanups.push(repo.cleanup, work.cleanup);
  const analysis = writeAnalysis(work.path, cartLog, [cartError]);
  const env = await backend.env(join(work.path, "cache"));
  return { repo: repo.path, work: work.path, analysis, env };
}

interface JsonPack {
  items: { path: string; type: string; mode: string; tokens: number; score: number; reasons: string[]; lines?: [number, number][] }[];
  totalTokens: number;
  budget: number;
  omitted: { path: string; reason: string }[];
  cache: { hits: number; misses: number; hitRate: number | null };
  explain?: { skipped: { path: string; reason: string }[]; candidates: { path: string; signals: { name: string; weight: number }[] }[] };
}

async function build(args: string[], p: { repo: string; env: Record<string, string> }): Promise<JsonPack> {
  const run = await runScript("context_manager", ["--project-root", p.repo, "--json", ...args], { env: p.env });
  expect(run.stderr).not.toContain("internal error");
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as JsonPack;
}

for (const backend of storeBackends("context pack")) {
  describe.skipIf(backend.skip)(`context_manager pack (${backend.name})`, () => {
    test("ranks the error-named test first, brings the changed file and its import, each with reasons", async () => {
      const p = await project(backend);
      const pack = await build(["--analysis", p.analysis, "--max-context-tokens", "6000"], p);
      const paths = pack.items.map((i) => i.path);
      expect(paths[0]).toBe("test/cart.test.ts");
      expect(paths).toContain("src/cart.ts");
      expect(paths).toContain("src/money.ts");
      expect(paths.indexOf("src/cart.ts")).toBeLessThan(paths.indexOf("src/money.ts"));
      expect(pack.items[0]!.reasons[0]).toContain("named by error 1");
      for (const item of pack.items) expect(item.reasons.length).toBeGreaterThan(0);
      expect(paths).not.toContain("src/unrelated.ts");
    }, 30_000);

    test("never exceeds the budget, keeps the error-named line verbatim and lists what it shortened", async () => {
      const big = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`src/cart_part${i}.ts`, `import { total } from "./cart";\n${filler(`cartPart${i}`, 150)}`]));
      const p = await project(backend, big);
      for (const budget of [900, 2500, 8000]) {
        const output = join(p.work, `pack-${budget}.md`);
        const run = await runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--max-context-tokens", String(budget), "--output", output], { env: p.env });
        expect(run.exitCode).toBe(0);
        const text = readFileSync(output, "utf8");
        const counted = estimateTokens(text, (await loadConfig({ projectRoot: p.repo })).config.context.tokens);
        expect(counted).toBeLessThanOrEqual(budget);
        expect(text).toContain("  expect(total([1, 2])).toBe(3);");
        if (budget < 8000) expect(text).toContain("## Left out or shortened");
      }
    }, 30_000);

    test("degrades full -> snippet/outline -> path under a tight budget", async () => {
      const p = await project(backend, { "src/cart_big.ts": `import { total } from "./cart";\n${filler("cartBig", 400)}` });
      const pack = await build(["--analysis", p.analysis, "--max-context-tokens", "1500"], p);
      expect(pack.totalTokens).toBeLessThanOrEqual(1500);
      const modes = new Set(pack.items.map((i) => i.mode));
      expect([...modes].some((m) => m !== "full")).toBe(true);
      expect(pack.omitted.some((o) => o.reason.startsWith("shortened to"))).toBe(true);
    }, 30_000);

    test("second build of an unchanged tree is served from the cache; --force-refresh recomputes", async () => {
      const p = await project(backend);
      const first = await build(["--analysis", p.analysis], p);
      expect(first.cache.hits).toBe(0);
      const second = await build(["--analysis", p.analysis], p);
      expect(second.cache.hitRate).toBeGreaterThanOrEqual(0.9);
      expect(second.items.map((i) => i.path)).toEqual(first.items.map((i) => i.path));
      // An edit changes git's view of the tree: the stored pack is not reused and the new text is sent.
      writeFileSync(join(p.repo, "test/cart.test.ts"), `${readFileSync(join(p.repo, "test/cart.test.ts"), "utf8")}export const edited = "after the failure";\n`);
      const edited = await runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--format", "json"], { env: p.env });
      const editedPack = JSON.parse(edited.stdout) as { items: { path: string; content: string }[]; cache: { misses: number } };
      expect(editedPack.cache.misses).toBe(1);
      expect(editedPack.items.find((i) => i.path === "test/cart.test.ts")!.content).toContain(`export const edited = "after the failure";`);
      const refreshed = await build(["--analysis", p.analysis, "--force-refresh"], p);
      expect(refreshed.cache.hits).toBe(0);
      const cleaned = await runScript("context_manager", ["--project-root", p.repo, "--cleanup", "--json"], { env: p.env });
      expect(cleaned.exitCode).toBe(0);
      expect(JSON.parse(cleaned.stdout).store).toBe("context");
    }, 30_000);

    test("formats: xml for Claude, json with item text, markdown for people", async () => {
      const p = await project(backend);
      const xml = await runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--format", "xml", "--task", "fix total"], { env: p.env });
      expect(xml.stdout).toStartWith('<context_pack budget="100000"');
      expect(xml.stdout).toContain("<task>fix total</task>");
      expect(xml.stdout).toContain('<failure category="test" errors="1">');
      expect(xml.stdout).toContain('<item path="test/cart.test.ts" mode="full"');
      const json = await runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--format", "json"], { env: p.env });
      const parsed = JSON.parse(json.stdout) as { items: { content: string }[]; failure: { excerpt: string } };
      expect(parsed.items[0]!.content).toContain("toBe(3)");
      expect(parsed.failure.excerpt).toContain("Received: 4");
      const bad = await runScript("context_manager", ["--project-root", p.repo, "--format", "yaml"], { env: p.env });
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain("--format must be one of markdown, xml, json");
    }, 30_000);

    test("--explain names every skipped file's reason and every signal's weight", async () => {
      const p = await project(backend, {
        "vendor/lib.js": "module.exports = 1;\n",
        "dist/bundle.js": "var a=1;\n",
        "src/gen.ts": "// @generated by protoc. DO NOT EDIT.\nexport const x = 1;\n",
        "assets/logo.png": "\u0000PNG binary",
        "data/huge.json": `[${"1,".repeat(600_000)}1]`,
      });
      const pack = await build(["--analysis", p.analysis, "--explain"], p);
      const reasons = Object.fromEntries(pack.explain!.skipped.map((s) => [s.path, s.reason]));
      expect(reasons["vendor/lib.js"]).toBe("vendored");
      expect(reasons["dist/bundle.js"]).toBe("generated");
      expect(reasons["src/gen.ts"]).toContain("generated");
      expect(reasons["assets/logo.png"]).toBe("binary");
      expect(reasons["data/huge.json"]).toContain("oversized");
      const top = pack.explain!.candidates[0]!;
      expect(top.signals.map((s) => s.name)).toContain("errorNamed");
      expect(top.signals.find((s) => s.name === "errorNamed")!.weight).toBe(10);
    }, 30_000);

    test("outside git: walks the tree and honours nested .gitignore files", async () => {
      const dir = tempDir("cfo-ctx-plain-");
      cleanups.push(dir.cleanup);
      writeFiles(dir.path, {
        ".gitignore": "*.log\nbuild-output/\n",
        "src/a.ts": "export const a = 1;\n",
        "src/debug.log": "noise\n",
        "build-output/x.ts": "export const x = 1;\n",
        "pkg/.gitignore": "secret-notes.md\n",
        "pkg/secret-notes.md": "notes\n",
        "pkg/readme.md": "# pkg\n",
      });
      const pack = await build(["--max-context-tokens", "4000"], { repo: dir.path, env: await backend.env(join(dir.path, ".cache-outside")) });
      const paths = pack.items.map((i) => i.path);
      expect(paths).toContain("src/a.ts");
      expect(paths).toContain("pkg/readme.md");
      for (const ignored of ["src/debug.log", "build-output/x.ts", "pkg/secret-notes.md"]) expect(paths).not.toContain(ignored);
    }, 30_000);

    test("a dependency error brings the manifest and a lockfile excerpt of the named package", async () => {
      const lock = { name: "shop", lockfileVersion: 3, packages: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`node_modules/pkg-${i}`, { version: `1.0.${i}` }])) };
      (lock.packages as Record<string, unknown>)["node_modules/left-pad"] = { version: "1.3.0", resolved: "https://registry.example/left-pad-1.3.0.tgz" };
      const p = await project(backend, { "package-lock.json": JSON.stringify(lock, null, 2) });
      const analysis = writeAnalysis(p.work, "npm ERR! ERESOLVE could not resolve left-pad\n", [{ message: "npm ERR! ERESOLVE could not resolve dependency left-pad@2.0.0", category: "dependency", logLines: [1, 1] }], "dependency");
      const pack = await build(["--analysis", analysis], p);
      const manifest = pack.items.find((i) => i.path === "package.json");
      const lockItem = pack.items.find((i) => i.path === "package-lock.json");
      expect(manifest?.reasons.join(" ")).toContain("dependency file for a dependency error");
      expect(lockItem?.mode).toBe("snippet");
      expect(lockItem!.tokens).toBeLessThan(200);
    }, 30_000);

    test("counts exactly with messages.countTokens when an API key is set, and still fits", async () => {
      const { startMessagesServer } = await import("../helpers/messages-server.ts");
      // A tokenizer that counts twice the estimate forces the pack to shrink to fit.
      const server = startMessagesServer({ countTokens: (body) => Math.ceil(JSON.stringify(body).length / 1.5) });
      cleanups.push(() => server.stop());
      const p = await project(backend);
      const pack = await build(["--analysis", p.analysis, "--max-context-tokens", "3000"], { repo: p.repo, env: { ...p.env, ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: server.baseURL } });
      expect(server.requests.some((r) => r.path === "/v1/messages/count_tokens")).toBe(true);
      expect((pack as unknown as { tokenCounter: string }).tokenCounter).toBe("api");
      expect(pack.totalTokens).toBeLessThanOrEqual(3000);
      expect(pack.items.length).toBeGreaterThan(0);
    }, 30_000);

    test("in GitHub Actions: outputs context-file and context-tokens, a step summary, the pack in a file", async () => {
      const p = await project(backend);
      const outputs = join(p.work, "github-output");
      const summary = join(p.work, "step-summary");
      writeFileSync(outputs, "");
      writeFileSync(summary, "");
      const run = await runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--format", "xml"], {
        env: { ...p.env, GITHUB_ACTIONS: "true", GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary },
      });
      expect(run.exitCode).toBe(0);
      const written = readFileSync(outputs, "utf8");
      const file = /context-file<<(\S+)\n(.+)\n/.exec(written)?.[2];
      expect(file).toBe(join(p.env.CFO_CACHE_DIR!, "context", "pack.xml"));
      expect(readFileSync(file!, "utf8")).toStartWith("<context_pack");
      expect(written).toMatch(/context-tokens<<\S+\n\d+\n/);
      expect(readFileSync(summary, "utf8")).toContain("| test/cart.test.ts | full |");
    }, 30_000);

    test("the library API builds the same pack in-process", async () => {
      const p = await project(backend);
      const url = p.env.CFO_DATABASE_URL;
      writeFileSync(join(p.repo, "cfo.config.yaml"), `cacheDir: ${JSON.stringify(join(p.work, "lib-cache"))}\n${url ? `storage:\n  url: ${JSON.stringify(url)}\n` : ""}`);
      const { AdvancedContextManager, contextCacheStats } = await import("../../scripts/context_manager.ts");
      const { loadConfig } = await import("../../scripts/lib/config/load.ts");
      const pack = await new AdvancedContextManager(p.repo).buildContext({ maxItems: 2, maxTokens: 4000, includeCached: true, forceRefresh: false, analysis: p.analysis });
      expect(pack.items).toHaveLength(2);
      expect(pack.items[0]!.path).toBe("test/cart.test.ts");
      const stats = await contextCacheStats(await loadConfig({ projectRoot: p.repo }), { days: 1 });
      expect(stats.lookups).toBeGreaterThan(0);
    });
  });
}

test("with the default cache folder inside the repository (not in .gitignore), an unchanged tree's pack is reused", async () => {
  // The default SQLite store; the run's environment below drops the cache folder this gives.
  const p = await project({ name: "sqlite", skip: false, env: async (cacheDir) => ({ CFO_CACHE_DIR: cacheDir }) });
  const run = () => runScript("context_manager", ["--project-root", p.repo, "--analysis", p.analysis, "--json"], { env: { CFO_CACHE_DIR: undefined, RUNNER_DEBUG: "1" } });
  const first = await run();
  expect(first.exitCode).toBe(0);
  expect(existsSync(join(p.repo, ".github/cache/context/context.db"))).toBe(true);
  const second = await run();
  expect(second.stderr).toContain("reused the pack built for this tree state and failure");
  expect(JSON.parse(second.stdout).items).toEqual(JSON.parse(first.stdout).items);
  // A change outside the cache folder is still seen.
  writeFileSync(join(p.repo, "notes.txt"), "after the failure\n");
  expect((await run()).stderr).not.toContain("reused the pack");
}, 30_000);
