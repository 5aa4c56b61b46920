import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { AccountSuspendedError, RateLimitedError, UnauthorizedError } from "../../ports/errors.ts";
import type { RateLimitState } from "../../ports/rate_limiter.ts";
import { createSession, type IssuedSession } from "./create_session.ts";
import { forgetCredentials } from "./forget_credentials.ts";
import {
  LOGIN_ATTEMPTS_PER_ACCOUNT,
  LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS,
  LOGIN_FAILURES_PER_IP,
} from "../rate_limits/policies.ts";
import { type AccountView, normalizeEmail, toAccountView } from "./user_view.ts";

type Needs = Pick<Ctx, "db" | "passwords" | "clock" | "rateLimiter" | "cache" | "background">;

/** The one answer for an unknown email and a wrong password, so neither can be told apart. */
const BAD_CREDENTIALS = "Email or password is incorrect";

/**
 * Checks credentials and opens a session. Each attempt is claimed against the account's budgets
 * (per address tightly, overall loosely) before the password is hashed, so concurrent guesses
 * cannot slip past a check made before any of them was counted; failures also count against the
 * client address across all accounts. An unknown email costs the same hash as a known one.
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
  const pairKey = sha256Hex(`login:${email}\n${input.ip}`);
  await claimAttempt(ctx, accountKey, pairKey, input.ip);

  const [row] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  const check = row
    ? await ctx.passwords.verify(input.password, row.passwordHash)
    : await ctx.passwords.verifyDummy(input.password).then(() => ({
      ok: false,
      needsRehash: false,
    }));
  if (!row || !check.ok) {
    await ctx.rateLimiter.consume(LOGIN_FAILURES_PER_IP, input.ip);
    throw new UnauthorizedError(BAD_CREDENTIALS);
  }
  // Only after the password checked out: a guesser learns nothing about the account.
  if (row.suspendedAt !== null) {
    throw new AccountSuspendedError(
      "This account is suspended; an administrator must lift the suspension before it can sign in",
    );
  }

  if (check.needsRehash) {
    const passwordHash = await ctx.passwords.hash(input.password);
    await ctx.db.update(users).set({ passwordHash }).where(eq(users.id, row.id));
  }
  const session = await createSession({
    ctx,
    input: { userId: row.id, userAgent: input.userAgent },
  });
  await forgetCredentials({ ctx, input: { digests: session.evicted } });
  await ctx.rateLimiter.reset(LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS, pairKey);
  return { user: toAccountView(row), session };
}

async function claimAttempt(ctx: Needs, accountKey: string, pairKey: string, ip: string) {
  const states: RateLimitState[] = await Promise.all([
    ctx.rateLimiter.consume(LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS, pairKey),
    ctx.rateLimiter.consume(LOGIN_ATTEMPTS_PER_ACCOUNT, accountKey),
    ctx.rateLimiter.peek(LOGIN_FAILURES_PER_IP, ip),
  ]);
  const [pair, account, address] = states;
  const blocked = [pair!, account!].filter((state) => !state.allowed);
  if (address!.remaining <= 0) blocked.push(address!);
  if (blocked.length === 0) return;
  const retryAfter = Math.max(1, ...blocked.map((state) => state.retryAfterSeconds));
  throw new RateLimitedError(
    `Too many login attempts; try again in ${retryAfter} seconds`,
    retryAfter,
  );
}
