import type { MiddlewareHandler } from "hono";
import type { AppEnv, Deps } from "../../context.ts";

/** How long after a write its author reads from the primary: far above Neon's usual replica lag. */
export const READ_YOUR_WRITES_MS = 5_000;

/** Writers remembered at once; past this the expired ones go, then the oldest. */
const MAX_TRACKED = 50_000;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Read-your-writes with a read replica: a signed-in caller who sent a write (any unsafe method)
 * in the last `READ_YOUR_WRITES_MS` gets `readDb` pointed at the primary, so the pitch they just
 * created or edited is never missing from their next read because the replica lags.
 *
 * Writers are tracked per user id in this instance's memory: nothing is added to the request and
 * the hot path stays a map lookup. Another instance does not know of the write, but a caller's
 * requests land on the instance nearest to them, so in practice they come back here; the lead can
 * swap this for a signed cookie if instances multiply within one region. Installed only when a
 * replica is configured (`createApp`).
 */
export function readYourWrites(deps: Deps): MiddlewareHandler<AppEnv> {
  const writtenUntil = new Map<string, number>();
  return async (c, next) => {
    const userId = c.get("principal")?.userId;
    if (userId === undefined) return await next();
    const now = deps.clock.now();
    const until = writtenUntil.get(userId);
    if (until !== undefined && until > now) {
      const current = c.get("deps");
      c.set("deps", { ...current, readDb: current.db });
    }
    await next();
    if (SAFE_METHODS.has(c.req.method)) return;
    // Re-inserted so the map's order is the order of last writes (oldest first when trimming).
    writtenUntil.delete(userId);
    writtenUntil.set(userId, deps.clock.now() + READ_YOUR_WRITES_MS);
    if (writtenUntil.size > MAX_TRACKED) trim(writtenUntil, now);
  };
}

function trim(writtenUntil: Map<string, number>, now: number): void {
  for (const [userId, until] of writtenUntil) if (until <= now) writtenUntil.delete(userId);
  for (const userId of writtenUntil.keys()) {
    if (writtenUntil.size <= MAX_TRACKED * 0.9) break;
    writtenUntil.delete(userId);
  }
}
