// Units of metrics by naming convention (ai.duration_ms, ai.cost_usd, context.tokens, ...), so
// readings recorded without one still print with a unit.

/** Units by naming convention, so `ai.cost_usd` or `context.tokens` carry one in every report. */
export function unitOf(name: string): string | undefined {
  if (/_ms$/.test(name)) return "ms";
  if (/_s$/.test(name)) return "s";
  if (/_mb$/.test(name)) return "MB";
  if (/_percent$/.test(name)) return "%";
  if (/_usd$/.test(name)) return "USD";
  if (/tokens$/.test(name)) return "tokens";
  if (/_rate$/.test(name)) return "ratio";
  if (/turns$/.test(name)) return "turns";
  return undefined;
}
