/**
 * True when `error` is Postgres' unique violation (SQLSTATE 23505), optionally on one constraint.
 * drizzle wraps driver errors in a `DrizzleQueryError` whose `cause` carries the code; PGlite,
 * node-postgres and Neon all use the same field names.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (
    let e: unknown = error;
    e instanceof Error || isRecord(e);
    e = (e as { cause?: unknown }).cause
  ) {
    const record = e as { code?: unknown; constraint?: unknown };
    if (record.code === "23505") {
      return constraint === undefined || record.constraint === constraint;
    }
    if (!("cause" in (e as object))) break;
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
