import { and, eq, lte, or } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { idempotencyKeys } from "../../db/tables/idempotency_keys.ts";
import { newId } from "../../lib/ids.ts";
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from "../../ports/errors.ts";
import type { StoredResponse } from "./complete_idempotency_key.ts";
import { idempotencyKeyMaterial } from "./key_material.ts";

/** How long a key is remembered after its first request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;
/**
 * How long a claim holds without its response stored. Every request ends well within it; a claim
 * older than this was left by an instance that died mid-request, and a retry may run again.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 60_000;
/** The `Retry-After` of a 409 while the first request runs: the routes answer in well under it. */
export const IDEMPOTENCY_IN_USE_RETRY_SECONDS = 1;

export type IdempotencyClaim =
  | { outcome: "claimed"; claimId: string }
  | { outcome: "replay"; response: StoredResponse };

/**
 * Claims `key` for one request of `userId`, before the request runs. One statement decides
 * (insert, or take over a row that expired or whose claim lapsed), so of any number of concurrent
 * requests exactly one gets "claimed". The others learn what the row holds: a stored response to
 * replay, a 409 `IdempotencyKeyInUseError` while the first still runs, or a 422
 * `IdempotencyKeyReusedError` when the key came with another request (`fingerprint` differs).
 */
export async function claimIdempotencyKey(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; key: string; fingerprint: string };
  },
): Promise<IdempotencyClaim> {
  const keyDigest = idempotencyKeyMaterial.digest(input.key);
  // A row deleted between the two statements (its request failed) is claimed on the next turn.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimId = await tryClaim(ctx, { ...input, keyDigest });
    if (claimId !== undefined) return { outcome: "claimed", claimId };
    const [row] = await ctx.db.select().from(idempotencyKeys).where(and(
      eq(idempotencyKeys.userId, input.userId),
      eq(idempotencyKeys.keyDigest, keyDigest),
    ));
    if (!row) continue;
    if (row.fingerprint !== input.fingerprint) {
      throw new IdempotencyKeyReusedError(
        "Idempotency-Key was already used with a different request (another body or path); " +
          "send a new key for a new request",
      );
    }
    if (row.status === "running" || row.responseStatus === null || row.responseBody === null) {
      break;
    }
    const body = await idempotencyKeyMaterial.open({
      userId: input.userId,
      key: input.key,
      sealed: row.responseBody,
    });
    return {
      outcome: "replay",
      response: { status: row.responseStatus, headers: row.responseHeaders ?? {}, body },
    };
  }
  throw new IdempotencyKeyInUseError(
    `A request with this Idempotency-Key is still running; retry in ${IDEMPOTENCY_IN_USE_RETRY_SECONDS} second`,
    IDEMPOTENCY_IN_USE_RETRY_SECONDS,
  );
}

/** Inserts the claim, or takes over a dead row; returns the claim id when this request won. */
async function tryClaim(
  ctx: Pick<Ctx, "db" | "clock">,
  input: { userId: string; keyDigest: string; fingerprint: string },
): Promise<string | undefined> {
  const now = new Date(ctx.clock.now());
  const claim = {
    fingerprint: input.fingerprint,
    status: "running" as const,
    claimId: newId("idk"),
    lockedUntil: new Date(now.getTime() + IDEMPOTENCY_CLAIM_LEASE_MS),
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    createdAt: now,
    completedAt: null,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
  };
  const t = idempotencyKeys;
  const [row] = await ctx.db.insert(t)
    .values({ userId: input.userId, keyDigest: input.keyDigest, ...claim })
    .onConflictDoUpdate({
      target: [t.userId, t.keyDigest],
      set: claim,
      // An expired key is forgotten whatever it held; a lapsed claim is only retried as itself.
      setWhere: or(
        lte(t.expiresAt, now),
        and(eq(t.status, "running"), lte(t.lockedUntil, now), eq(t.fingerprint, input.fingerprint)),
      ),
    })
    .returning({ claimId: t.claimId });
  return row?.claimId === claim.claimId ? claim.claimId : undefined;
}
