import { lte } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { idempotencyKeys } from "../../db/tables/idempotency_keys.ts";
import { deleteInBatches } from "../maintenance/delete_in_batches.ts";

/**
 * Deletes idempotency keys past their 24 hours (a claim takes an expired row over anyway; this
 * keeps the table to one day of keys). Returns how many went. Part of the daily retention job.
 */
export function purgeIdempotencyKeys(
  { ctx }: { ctx: Pick<Ctx, "db" | "clock"> },
): Promise<number> {
  const now = new Date(ctx.clock.now());
  return deleteInBatches(ctx.db, idempotencyKeys, lte(idempotencyKeys.expiresAt, now));
}
