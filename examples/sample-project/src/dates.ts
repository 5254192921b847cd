// Calendar arithmetic in UTC, so a due date does not move with the server's time zone.

const MS_PER_DAY = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * MS_PER_DAY);
}

/** 2024-03-09 */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
