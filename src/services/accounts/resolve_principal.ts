import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";
import { createDigestMemo } from "../../lib/digest_memo.ts";
import { principalQueries } from "./principal_queries.ts";
import { API_KEY_PREFIX, isTouchDue, principalCache, SESSION_TTL_MS } from "./principal.ts";
import type { Principal } from "../../lib/principal.ts";
import { type TouchLog, touchLogOf } from "./touch_log.ts";

type Needs = Pick<Ctx, "db" | "cache" | "clock" | "background" | "logger">;

/**
 * Resolves a bearer token (session token or API key) to its principal, or undefined when it is
 * unknown, revoked or expired. On the hot path of every authenticated request: the lookup goes
 * through the cache by token digest; only a digest ever reaches the cache or the database.
 */
export async function resolvePrincipal(
  { ctx, input }: { ctx: Needs; input: { token: string } },
): Promise<Principal | undefined> {
  const digest = tokenDigest(input.token);
  const isApiKey = input.token.startsWith(API_KEY_PREFIX);
  const principal = await ctx.cache.swr(
    principalCache,
    digest,
    () => isApiKey ? loadApiKey(ctx, digest) : loadSession(ctx, digest),
  );
  if (!principal) return undefined;
  const now = ctx.clock.now();
  const touches = touchLogOf(ctx.cache);
  const current = withLastTouch(principal, touches.get(digest));
  if (current.expiresAt !== null && current.expiresAt <= now) return undefined;
  if (isTouchDue(current, now)) {
    // Recorded first, so concurrent requests of this credential write it once.
    touches.set(digest, now);
    ctx.background.waitUntil(touch(ctx, touches, digest, current, now));
  }
  // As it was before this use, so the caller can tell that this use slid the expiry (the cookie).
  return current;
}

// A signed-in client sends the same token on every request: hashing it each time was the largest
// single cost of a warm signed-in read. The cache and the database still only see the digest.
const tokenDigest = createDigestMemo();

/** The cached principal as of a later use recorded on this instance (the cache may predate it). */
function withLastTouch(principal: Principal, touchedAt: number | undefined): Principal {
  if (touchedAt === undefined || touchedAt <= principal.lastSeenAt) return principal;
  const expiresAt = principal.via === "session" ? touchedAt + SESSION_TTL_MS : principal.expiresAt;
  return { ...principal, lastSeenAt: touchedAt, expiresAt };
}

async function loadSession(ctx: Needs, digest: string): Promise<Principal | undefined> {
  const [row] = await principalQueries(ctx.db).session.execute({ digest });
  if (!row || row.expiresAt.getTime() <= ctx.clock.now()) return undefined;
  return {
    userId: row.userId,
    role: row.role,
    via: "session",
    credentialId: row.id,
    scopes: ["read", "write"],
    expiresAt: row.expiresAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
  };
}

async function loadApiKey(ctx: Needs, digest: string): Promise<Principal | undefined> {
  const [row] = await principalQueries(ctx.db).apiKey.execute({ digest });
  if (!row) return undefined;
  return {
    userId: row.userId,
    role: row.role,
    via: "api-key",
    credentialId: row.id,
    scopes: row.scopes,
    expiresAt: null,
    lastSeenAt: (row.lastUsedAt ?? row.createdAt).getTime(),
  };
}

/**
 * Records use after the response: slides a session's expiry forward, stamps an API key's last use.
 * The cached principal is neither dropped (the next request would reload it synchronously) nor
 * rewritten (that could race a revocation and resurrect a dead token): the touch log carries the
 * new times until the cache next reloads the row. A failed write is forgotten, so a later use
 * tries again.
 */
async function touch(
  ctx: Needs,
  touches: TouchLog,
  digest: string,
  principal: Principal,
  now: number,
): Promise<void> {
  const at = new Date(now);
  try {
    if (principal.via === "session") {
      await ctx.db.update(sessions)
        .set({ lastSeenAt: at, expiresAt: new Date(now + SESSION_TTL_MS) })
        .where(and(eq(sessions.id, principal.credentialId), isNull(sessions.revokedAt)));
    } else {
      await ctx.db.update(apiKeys).set({ lastUsedAt: at })
        .where(and(eq(apiKeys.id, principal.credentialId), isNull(apiKeys.revokedAt)));
    }
  } catch (error) {
    if (touches.get(digest) === now) touches.delete(digest);
    throw error;
  }
}
