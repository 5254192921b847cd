// A long report into a pipe that reads slowly arrives whole: the CLI skin waits for stdout to take it
// before exiting (Bun's stdout reports no buffered length, so this is easy to get wrong).

import { expect, test } from "bun:test";
import { bunBinary, repoRoot } from "../helpers/run.ts";

test("3 MB printed at once reach a reader that starts late", async () => {
  const child = Bun.spawn([bunBinary, `${repoRoot}/tests/fixtures/big_output.ts`], { stdout: "pipe", stderr: "pipe" });
  await Bun.sleep(800);
  const text = await new Response(child.stdout).text();
  expect(await child.exited).toBe(0);
  expect(text.length).toBe(3_000_001);
}, 20_000);
