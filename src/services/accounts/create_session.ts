import type { Ctx } from "../../context.ts";
import { sessions } from "../../db/tables/credentials.ts";
import { newId } from "../../lib/ids.ts";
import { randomToken, sha256Hex } from "../../lib/secure_tokens.ts";
import { SESSION_TOKEN_PREFIX, SESSION_TTL_MS } from "./principal.ts";

export interface IssuedSession {
  id: string;
  /** The bearer token: returned to the client once, stored only as its digest. */
  token: string;
  expiresAt: Date;
}

/** Opens a session for a user; composes into the caller's transaction. */
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
  return { id, token, expiresAt };
}
