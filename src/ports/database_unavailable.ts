/** Node and libpq codes of a database that cannot be reached or is shutting down. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

const CONNECTION_MESSAGES =
  /PGlite is closed|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i;

/**
 * True when `error` (or any error in its `cause` chain, where drizzle puts the driver's) says the
 * database could not be reached, as opposed to a query failing. The HTTP layer answers those with
 * 503 and `Retry-After` instead of a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const record = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof record.code === "string" && CONNECTION_CODES.has(record.code)) return true;
    if (typeof record.message === "string" && CONNECTION_MESSAGES.test(record.message)) return true;
    e = record.cause;
  }
  return false;
}
