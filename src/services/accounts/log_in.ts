import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { RateLimitedError, UnauthorizedError } from "../../ports/errors.ts";
import { createSession, type IssuedSession } from "./create_session.ts";
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP } from "../rate_limits/policies.ts";
import { type AccountView, normalizeEmail, toAccountView } from "./user_view.ts";

type Needs = Pick<Ctx, "db" | "passwords" | "clock" | "rateLimiter">;

/** The one answer for an unknown email and a wrong password, so neither can be told apart. */
const BAD_CREDENTIALS = "Email or password is incorrect";

/**
 * Checks credentials and opens a session. Brute force is capped per account and per client
 * address; an unknown email costs the same password hash as a known one.
 */
export async function logIn(
  { ctx, input }: {
    ctx: Needs;
    input: { email: string; password: string; ip: string; userAgent: string | undefined };
  },
): Promise<{ user: AccountView; session: IssuedSession }> {
  const email = normalizeEmail(input.email);
  // Counter keys are digests: rate limit backends never hold email addresses.
  const accountKey = sha256Hex(`login:${email}`);
  await refuseWhenLimited(ctx, accountKey, input.ip);

  const [row] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  const check = row
    ? await ctx.passwords.verify(input.password, row.passwordHash)
    : await ctx.passwords.verifyDummy(input.password).then(() => ({
      ok: false,
      needsRehash: false,
    }));
  if (!row || !check.ok) {
    await Promise.all([
      ctx.rateLimiter.consume(LOGIN_FAILURES_PER_ACCOUNT, accountKey),
      ctx.rateLimiter.consume(LOGIN_FAILURES_PER_IP, input.ip),
    ]);
    throw new UnauthorizedError(BAD_CREDENTIALS);
  }

  if (check.needsRehash) {
    const passwordHash = await ctx.passwords.hash(input.password);
    await ctx.db.update(users).set({ passwordHash }).where(eq(users.id, row.id));
  }
  const session = await createSession({
    ctx,
    input: { userId: row.id, userAgent: input.userAgent },
  });
  await ctx.rateLimiter.reset(LOGIN_FAILURES_PER_ACCOUNT, accountKey);
  return { user: toAccountView(row), session };
}

async function refuseWhenLimited(ctx: Needs, accountKey: string, ip: string): Promise<void> {
  const [account, address] = await Promise.all([
    ctx.rateLimiter.peek(LOGIN_FAILURES_PER_ACCOUNT, accountKey),
    ctx.rateLimiter.peek(LOGIN_FAILURES_PER_IP, ip),
  ]);
  const blocked = [account, address].filter((state) => state.remaining <= 0);
  if (blocked.length === 0) return;
  const retryAfter = Math.max(1, ...blocked.map((state) => state.retryAfterSeconds));
  throw new RateLimitedError(
    `Too many failed logins; try again in ${retryAfter} seconds`,
    retryAfter,
  );
}
