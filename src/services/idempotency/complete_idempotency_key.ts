import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { idempotencyKeys } from "../../db/tables/idempotency_keys.ts";
import { idempotencyKeyMaterial } from "./key_material.ts";

/** A response as replays give it back: status, the headers worth repeating, and the body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Stores the response of the request that holds the claim `claimId`, so later requests with the
 * key replay it. Returns false when the claim is no longer this request's (it outlived its lease
 * and a retry took the key over): that retry's response is the one kept.
 */
export async function completeIdempotencyKey(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; key: string; claimId: string; response: StoredResponse };
  },
): Promise<boolean> {
  const { userId, key, response } = input;
  const sealed = await idempotencyKeyMaterial.seal({ userId, key, body: response.body });
  const stored = await ctx.db.update(idempotencyKeys).set({
    status: "completed",
    lockedUntil: null,
    responseStatus: response.status,
    responseHeaders: response.headers,
    responseBody: sealed,
    completedAt: new Date(ctx.clock.now()),
  }).where(and(
    eq(idempotencyKeys.userId, userId),
    eq(idempotencyKeys.keyDigest, idempotencyKeyMaterial.digest(key)),
    eq(idempotencyKeys.claimId, input.claimId),
    eq(idempotencyKeys.status, "running"),
  )).returning({ claimId: idempotencyKeys.claimId });
  return stored.length === 1;
}
