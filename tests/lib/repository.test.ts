// Which repository a record belongs to: configured, else the runner's GITHUB_REPOSITORY, else the
// git remote origin, else local/<folder>; a malformed name is a one-line configuration error.

import { afterEach, expect, test } from "bun:test";
import { basename } from "node:path";
import { loadConfig } from "../../scripts/lib/config/load.ts";
import { repositoryOfRemote } from "../../scripts/lib/repository.ts";
import { git, makeGitRepo, runScript, tempDir, writeFiles } from "../helpers/run.ts";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

const kept = <T extends { cleanup: () => void }>(dir: T) => (cleanups.push(dir.cleanup), dir);

test("owner/name comes out of every remote form git writes; a local path names none", () => {
  expect(repositoryOfRemote("git@github.com:acme/widgets.git")).toBe("acme/widgets");
  expect(repositoryOfRemote("https://x-access-token:secret@github.com/acme/widgets.git/")).toBe("acme/widgets");
  expect(repositoryOfRemote("ssh://git@ghe.example.com:2222/acme/widgets")).toBe("acme/widgets");
  expect(repositoryOfRemote("/srv/git/widgets.git")).toBeUndefined();
  expect(repositoryOfRemote("file:///srv/git/acme/widgets.git")).toBeUndefined();
});

test("configured beats GITHUB_REPOSITORY, which beats the remote, which beats the folder name", async () => {
  const repo = kept(makeGitRepo({ "README.md": "x\n" }));
  expect((await loadConfig({ projectRoot: repo.path, env: {} })).repository).toBe(`local/${basename(repo.path)}`);
  git(repo.path, "remote", "add", "origin", "git@github.com:acme/from-remote.git");
  expect((await loadConfig({ projectRoot: repo.path, env: {} })).repository).toBe("acme/from-remote");
  expect((await loadConfig({ projectRoot: repo.path, env: { GITHUB_REPOSITORY: "acme/from-runner" } })).repository).toBe("acme/from-runner");
  writeFiles(repo.path, { "cfo.config.yaml": "repository: acme/configured\n" });
  const loaded = await loadConfig({ projectRoot: repo.path, env: { GITHUB_REPOSITORY: "acme/from-runner" } });
  expect([loaded.repository, loaded.allRepos, loaded.config.learning.scope]).toEqual(["acme/configured", false, "repository"]);
});

test("--repo sets it from the command line; a malformed one is refused with its key, exit 2", async () => {
  const dir = kept(tempDir());
  const ok = await runScript("tests/fixtures/config_probe.ts", ["--repo", "acme/widgets", "--show-config", "--json"], { cwd: dir.path });
  expect(ok.exitCode).toBe(0);
  expect(ok.stdout).toContain('"repository"');
  expect(ok.stdout).toContain("acme/widgets");
  const bad = await runScript("tests/fixtures/config_probe.ts", ["--repo", "not a repo"], { cwd: dir.path });
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  expect(bad.stderr).toContain("repository");
});
