import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { sessions } from "../../db/tables/credentials.ts";
import { ACCOUNT_CAPS } from "../shared/caps.ts";
import { newId } from "../../lib/ids.ts";
import { randomToken, sha256Hex } from "../../lib/secure_tokens.ts";
import { SESSION_TOKEN_PREFIX, SESSION_TTL_MS } from "./principal.ts";

export interface IssuedSession {
  id: string;
  /** The bearer token: returned to the client once, stored only as its digest. */
  token: string;
  expiresAt: Date;
  /**
   * Digests of older sessions this one pushed past `ACCOUNT_CAPS.sessions`, now revoked; the
   * caller drops them from the cache (`forgetCredentials`) once its transaction has committed.
   */
  evicted: string[];
}

/**
 * Opens a session for a user; composes into the caller's transaction. A user keeps at most
 * `ACCOUNT_CAPS.sessions` live sessions: the oldest beyond that are revoked.
 */
export async function createSession(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; userAgent: string | undefined };
  },
): Promise<IssuedSession> {
  const token = randomToken(SESSION_TOKEN_PREFIX, 32);
  const id = newId("ses");
  const expiresAt = new Date(ctx.clock.now() + SESSION_TTL_MS);
  await ctx.db.insert(sessions).values({
    id,
    userId: input.userId,
    tokenHash: sha256Hex(token),
    userAgent: input.userAgent?.slice(0, 300),
    createdAt: new Date(ctx.clock.now()),
    lastSeenAt: new Date(ctx.clock.now()),
    expiresAt,
  });
  // The new session always stays; of the others, the most recent `sessions - 1` do.
  const beyondCap = ctx.db.select({ id: sessions.id }).from(sessions)
    .where(and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt), ne(sessions.id, id)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .offset(ACCOUNT_CAPS.sessions - 1);
  const evicted = await ctx.db.update(sessions).set({ revokedAt: new Date(ctx.clock.now()) })
    .where(inArray(sessions.id, beyondCap))
    .returning({ digest: sessions.tokenHash });
  return { id, token, expiresAt, evicted: evicted.map((row) => row.digest) };
}
