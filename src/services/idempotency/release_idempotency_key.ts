import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { idempotencyKeys } from "../../db/tables/idempotency_keys.ts";
import { idempotencyKeyMaterial } from "./key_material.ts";

/**
 * Gives up the claim `claimId` without storing anything, so a retry with the key runs again: for
 * a request that failed in a way a retry may not (a 5xx, a refusal that depends on state). Only
 * the claim's own request can release it.
 */
export async function releaseIdempotencyKey(
  { ctx, input }: {
    ctx: Pick<Ctx, "db">;
    input: { userId: string; key: string; claimId: string };
  },
): Promise<void> {
  await ctx.db.delete(idempotencyKeys).where(and(
    eq(idempotencyKeys.userId, input.userId),
    eq(idempotencyKeys.keyDigest, idempotencyKeyMaterial.digest(input.key)),
    eq(idempotencyKeys.claimId, input.claimId),
    eq(idempotencyKeys.status, "running"),
  ));
}
