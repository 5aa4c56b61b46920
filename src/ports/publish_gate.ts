import type { Db, Tx } from "../db/database.ts";
import type { Clock } from "./clock.ts";

/**
 * Decides whether a user may publish one more pitch; throws (a `QuotaExceededError`) to refuse.
 * Publishing calls it inside its transaction (`ctx.db` is the transaction; `ctx` is a `Pick` of the
 * service context, spelled out because ports sit below `context.ts`), so a gate that locks
 * the owner's row before counting cannot be overrun by concurrent publishes.
 */
export type PublishGate = (
  args: { ctx: { db: Db | Tx; clock: Clock }; input: { userId: string; pitchId: string } },
) => Promise<void>;
