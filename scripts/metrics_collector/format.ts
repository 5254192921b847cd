// Numbers with their units, the same in text, markdown, HTML and findings.

export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  if (unit === "ratio") return `${(value * 100).toFixed(1)}%`;
  if (unit === "ms" && Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  const number = value.toFixed(digits);
  if (!unit) return number;
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}

/** A run's duration; null for a run never closed (still sampling, or only --gauge records). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "open";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
