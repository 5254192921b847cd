// Shapes shared by the dev-set generator: one Case is one real tool run that fails in a known way.
export const CATEGORIES = [
  "syntax", "dependency", "configuration", "runtime", "test",
  "network", "permission", "timeout", "system", "unknown",
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Case {
  id: string;
  tool: string;
  category: Category;
  retryable: boolean;
  why: string;
  /** bash command run in the case's directory; recorded verbatim as the item's source */
  command: string;
  /** files written into the case directory first; "{{LOOP}}" becomes the loopback server's base URL */
  files?: Record<string, string>;
  /** shell run before/after the command, not part of the recorded source (mounts, chmod) */
  setup?: string;
  teardown?: string;
  /** run the command as this unprivileged user (root ignores file modes) */
  user?: "nobody";
  /** the output must match this, or the case is dropped: proves the intended failure happened */
  expect: RegExp;
  /** excerpt window: start at the first line matching `from` (else keep the tail), at most `max` lines */
  from?: RegExp;
  max?: number;
  /** binaries that must exist, or the case is skipped */
  needs?: string[];
  /** seconds before the generator gives up on the command */
  limit?: number;
}

export interface Item {
  id: string;
  source: string;
  tool: string;
  category: Category;
  retryable: boolean;
  excerpt: string;
  why: string;
}
