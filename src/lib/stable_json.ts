/**
 * A stable serialisation of `record`: keys sorted, undefined members dropped, so equal queries
 * give equal strings whatever order their parameters came in.
 */
export function stableJson(record: object): string {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
