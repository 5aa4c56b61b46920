/**
 * The rows of a raw `db.execute(sql...)` result. Every driver here (PGlite, node-postgres, Neon's
 * Pool) answers an object with a `rows` array, but drizzle types the result per driver, so code
 * written against the driver-neutral `Db` reads it through this one checked cast.
 */
export function rowsOf<T>(result: unknown): T[] {
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new TypeError("A raw query result has no rows array");
  return rows as T[];
}
