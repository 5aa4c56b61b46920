/** The UTC calendar day of an instant, "2026-03-01", as Postgres `date` columns store it. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
