// Long runs show progress on a terminal and stay quiet in CI: a real pseudo-terminal (util-linux
// `script`) around a real context_manager run, with and without CI=true.

import { afterAll, expect, test } from "bun:test";
import { bunBinary, makeGitRepo, repoRoot } from "../helpers/run.ts";

const repo = makeGitRepo({ "src/a.ts": "export const a = 1;\n", "src/b.ts": "import { a } from './a';\nexport const b = a + 1;\n" });
afterAll(repo.cleanup);

async function onTerminal(ci: boolean): Promise<string> {
  const command = `${bunBinary} scripts/context_manager.ts --project-root ${repo.path} --task 'explain' --json > /dev/null`;
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CFO_CACHE_DIR: `${repo.path}/.cfo-cache` };
  if (ci) env.CI = "true";
  else delete env.CI;
  const child = Bun.spawn(["script", "-qec", command, "/dev/null"], { cwd: repoRoot, env, stdout: "pipe", stderr: "pipe" });
  const [output] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  return output;
}

test.skipIf(!Bun.which("script"))("progress is drawn on a terminal outside CI, and cleared", async () => {
  const output = await onTerminal(false);
  expect(output).toContain("context: analyzing files: ");
  expect(output).toContain("\r\x1b[K");
});

test.skipIf(!Bun.which("script"))("CI=true keeps a terminal run quiet", async () => {
  expect(await onTerminal(true)).not.toContain("analyzing files");
});
