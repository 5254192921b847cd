// Source trees for the cases: fetch a pinned package (`npm pack`, or `apt-get download` for a Debian package), lay out
// its sources as a pristine git repo,
// and clone that repo per case with the bug committed on top (so `git diff HEAD~1` is the failing change).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Edit, PackageSpec } from "./spec.ts";

// Fixed identity and dates keep commit ids identical across rebuilds.
export const gitEnv = {
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@example.invalid",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@example.invalid",
  GIT_AUTHOR_DATE: "2025-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2025-01-01T00:00:00Z",
};

function sh(argv: string[], cwd: string): string {
  const run = Bun.spawnSync(argv, { cwd, env: { ...process.env, ...gitEnv }, stderr: "pipe" });
  if (run.exitCode !== 0) {
    throw new Error(`${argv.join(" ")} (in ${cwd}) exited ${run.exitCode}: ${run.stderr.toString()}`);
  }
  return run.stdout.toString();
}

/** The package archive (an npm tarball or a Debian .deb), fetched once into `tarballs/`. */
export function fetchTarball(spec: PackageSpec, work: string): string {
  const dir = join(work, "tarballs");
  mkdirSync(dir, { recursive: true });
  if (spec.source === "apt") return fetchDeb(spec, dir);
  const expected = join(dir, `${spec.name.replace(/^@/, "").replace("/", "-")}-${spec.version}.tgz`);
  if (!existsSync(expected)) sh(["npm", "pack", "--silent", `${spec.name}@${spec.version}`, "--pack-destination", dir], dir);
  if (!existsSync(expected)) throw new Error(`npm pack did not produce ${expected}`);
  return expected;
}

/** `apt-get download NAME=VERSION`: the pinned .deb from the Debian archive (needs `apt-get update` once). */
function fetchDeb(spec: PackageSpec, dir: string): string {
  // apt names the file NAME_VERSION_ARCH.deb with the epoch's colon escaped; there is one per pinned version.
  const prefix = `${spec.name}_${spec.version.replace(/^\d+:/, "")}_`;
  const found = () => readdirSync(dir).find((file) => file.startsWith(prefix) && file.endsWith(".deb"));
  if (!found()) sh(["apt-get", "download", "-q", `${spec.name}=${spec.version}`], dir);
  const deb = found();
  if (!deb) throw new Error(`apt-get download did not produce ${prefix}*.deb in ${dir}`);
  return join(dir, deb);
}

/** Extract the kept entries, add the check config and the test suite, and commit it as the pristine tree. */
export function preparePristine(spec: PackageSpec, tarball: string, suites: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  const unpacked = `${target}.unpacked`;
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  mkdirSync(target, { recursive: true });
  if (spec.source === "apt") sh(["dpkg-deb", "-x", tarball, unpacked], unpacked);
  else sh(["tar", "xzf", tarball, "-C", unpacked, "--strip-components=1"], unpacked);
  for (const entry of spec.keep) {
    const { from, to } = typeof entry === "string" ? { from: entry, to: entry } : entry;
    mkdirSync(dirname(join(target, to)), { recursive: true });
    renameSync(join(unpacked, from), join(target, to));
  }
  rmSync(unpacked, { recursive: true, force: true });
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  if (spec.tsconfig) writeFileSync(join(target, "tsconfig.json"), `${JSON.stringify(spec.tsconfig, null, 2)}\n`);
  if (spec.env) {
    mkdirSync(join(target, "types"), { recursive: true });
    writeFileSync(join(target, "types", "env.d.ts"), spec.env);
  }
  const suite = join(suites, spec.slug);
  if (existsSync(suite)) cpSync(suite, join(target, spec.suiteDir ?? "test"), { recursive: true });
  sh(["git", "init", "-q", "-b", "main"], target);
  sh(["git", "add", "-A"], target);
  sh(["git", "commit", "-q", "-m", `Import ${spec.name}@${spec.version} sources`], target);
}

/** A case's repo: a clone of the pristine tree with the bug (and any noise edits) as a second commit. */
export function cloneWithBug(pristine: string, target: string, edits: Edit[]): void {
  rmSync(target, { recursive: true, force: true });
  sh(["git", "clone", "-q", pristine, target], ".");
  sh(["git", "remote", "remove", "origin"], target);
  for (const edit of edits) applyEdit(target, edit);
  sh(["git", "commit", "-q", "-a", "-m", "Refactor internals"], target);
}

function applyEdit(root: string, edit: Edit): void {
  const path = join(root, edit.file);
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(edit.find);
  if (at < 0 || text.indexOf(edit.find, at + 1) >= 0) {
    throw new Error(`edit in ${edit.file}: search text must occur exactly once: ${JSON.stringify(edit.find)}`);
  }
  writeFileSync(path, text.slice(0, at) + edit.replace + text.slice(at + edit.find.length));
}
