// Diagnostics on stderr: debug lines (VERBOSE / DEBUG_CLAUDE_ACTIONS, as in the seed), warnings,
// and progress that shows on a terminal but stays quiet in CI.

import { actionsCore, inGitHubActions, issueCommand } from "./github.ts";

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return isTruthy(env.VERBOSE) || isTruthy(env.DEBUG_CLAUDE_ACTIONS) || env.RUNNER_DEBUG === "1";
}

export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

export function debug(message: string): void {
  if (debugEnabled()) process.stderr.write(`[cfo debug] ${message}\n`);
}

/** A warning that does not fail the run; in Actions it also becomes a warning annotation. */
export function warn(message: string): void {
  if (inGitHubActions()) issueCommand(() => actionsCore().warning(message));
  else process.stderr.write(`warning: ${message}\n`);
}

export interface Progress {
  update(done: number, total?: number): void;
  finish(): void;
}

/** Progress on a TTY outside CI (a 1 GB log, a large tree); silent otherwise. */
export function progress(label: string, unit = ""): Progress {
  const visible = process.stderr.isTTY === true && !isTruthy(process.env.CI);
  let lastDraw = 0;
  return {
    update(done, total) {
      if (!visible) return;
      const now = performance.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const share = total ? ` (${((100 * done) / total).toFixed(0)}%)` : "";
      process.stderr.write(`\r${label}: ${done}${unit}${share}   `);
    },
    finish() {
      if (visible && lastDraw > 0) process.stderr.write("\r\x1b[K");
    },
  };
}
