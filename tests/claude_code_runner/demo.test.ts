// The README's first command: the whole loop on the shipped examples, offline, in under 10 s.

import { expect, test } from "bun:test";
import { join } from "node:path";
import { loadVariants } from "../../examples/lib/variants.ts";
import { bunBinary, repoRoot } from "../helpers/run.ts";

test("bun scripts/demo.ts runs every example log through the loop and prints both reports", async () => {
  const env = { ...process.env, GITHUB_ACTIONS: undefined, ANTHROPIC_API_KEY: "must-not-be-used" };
  const child = Bun.spawn([bunBinary, join(repoRoot, "scripts/demo.ts")], { cwd: repoRoot, env, stdout: "pipe", stderr: "pipe", timeout: 60_000 });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  // CPU time, not wall time: the suite shares the machine; on an idle one the two are close.
  const cpu = child.resourceUsage()!.cpuTime;
  expect((Number(cpu.user) + Number(cpu.system)) / 1e6).toBeLessThan(10);
  for (const variant of await loadVariants(join(repoRoot, "examples/variants"))) {
    const section = stdout.split("\n== ").find((part) => part.startsWith(`examples/logs/${variant.name}.log`));
    expect(section).toBeDefined();
    expect(section).toContain(`analysis: ${variant.expected.category} (`);
    expect(section).toContain(variant.expected.retryable ? "outcome:  retry" : "Claude was not called (dry run, no API key)");
  }
  expect(stdout).toContain("examples/logs/healthy.log");
  expect(stdout).toContain("== bun scripts/metrics_collector.ts --report");
  expect(stdout).toContain("== bun scripts/feedback_optimizer.ts --report");
  expect(stdout).toMatch(/4 fix attempts/);
  // The learning loop: the recorded fix makes the next pack for the same failure rank the fixed file.
  expect(stdout).toMatch(/fails again: what the context learned[^\n]*\n {3}src\/\S+: changed by 1 earlier passing fix/);
}, 60_000);
