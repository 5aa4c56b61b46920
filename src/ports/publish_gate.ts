import type { Db, Tx } from "../db/database.ts";

/**
 * Decides whether a user may publish one more pitch; throws (a `QuotaExceededError`) to refuse.
 * Publishing calls it inside its transaction (`ctx.db` is the transaction), so a gate that locks
 * the owner's row before counting cannot be overrun by concurrent publishes.
 */
export type PublishGate = (
  args: { ctx: { db: Db | Tx; now: number }; input: { userId: string; pitchId: string } },
) => Promise<void>;
