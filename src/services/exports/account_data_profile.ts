import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { billingCustomers, subscriptions } from "../../db/tables/billing.ts";
import { apiKeys, oneTimeTokens, sessions } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";
import { micros } from "../pitches/pitch_list_sql.ts";
import type { BuildProgress } from "./export_file_writer.ts";
import type { JsonSection } from "./json_lists.ts";
import { pagesByTime } from "./keyset_batches.ts";

/** Rows per read of the small per-user lists (sessions, keys, tokens). */
const PAGE = 500;

/**
 * The account-data sections about the account itself: the profile, sessions, API keys, email
 * link tokens and the billing state. Every column is named: the password hash, token digests and
 * key digests are never read, and neither are the payment provider's secrets (none are stored).
 */
export function accountProfileSections(
  ctx: Pick<Ctx, "db">,
  userId: string,
  progress: BuildProgress,
): JsonSection[] {
  const db = ctx.db;
  return [
    {
      name: "account",
      value: async () => {
        const [row] = await db.select({
          id: users.id,
          email: users.email,
          name: users.name,
          role: users.role,
          bio: users.bio,
          avatarUrl: users.avatarUrl,
          emailVerifiedAt: users.emailVerifiedAt,
          createdAt: users.createdAt,
          updatedAt: users.updatedAt,
        }).from(users).where(eq(users.id, userId)).limit(1);
        return row ?? null;
      },
    },
    {
      name: "sessions",
      list: pagesByTime(
        progress,
        PAGE,
        { time: sessions.createdAt, tie: sessions.id },
        (after, limit) =>
          db.select({
            key: micros(sessions.createdAt),
            tie: sessions.id,
            id: sessions.id,
            userAgent: sessions.userAgent,
            createdAt: sessions.createdAt,
            lastSeenAt: sessions.lastSeenAt,
            expiresAt: sessions.expiresAt,
            revokedAt: sessions.revokedAt,
          }).from(sessions).where(and(eq(sessions.userId, userId), after))
            .orderBy(asc(sessions.createdAt), asc(sessions.id)).limit(limit),
      ),
    },
    {
      name: "apiKeys",
      list: pagesByTime(
        progress,
        PAGE,
        { time: apiKeys.createdAt, tie: apiKeys.id },
        (after, limit) =>
          db.select({
            key: micros(apiKeys.createdAt),
            tie: apiKeys.id,
            id: apiKeys.id,
            name: apiKeys.name,
            prefix: apiKeys.prefix,
            scopes: apiKeys.scopes,
            createdAt: apiKeys.createdAt,
            lastUsedAt: apiKeys.lastUsedAt,
            revokedAt: apiKeys.revokedAt,
          }).from(apiKeys).where(and(eq(apiKeys.userId, userId), after))
            .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).limit(limit),
      ),
    },
    {
      name: "emailLinks",
      list: pagesByTime(
        progress,
        PAGE,
        { time: oneTimeTokens.createdAt, tie: oneTimeTokens.id },
        (after, limit) =>
          db.select({
            key: micros(oneTimeTokens.createdAt),
            tie: oneTimeTokens.id,
            id: oneTimeTokens.id,
            purpose: oneTimeTokens.purpose,
            createdAt: oneTimeTokens.createdAt,
            expiresAt: oneTimeTokens.expiresAt,
            usedAt: oneTimeTokens.usedAt,
          }).from(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), after))
            .orderBy(asc(oneTimeTokens.createdAt), asc(oneTimeTokens.id)).limit(limit),
      ),
    },
    {
      name: "billing",
      value: async () => {
        const [customer] = await db.select({
          customerId: billingCustomers.customerId,
          createdAt: billingCustomers.createdAt,
        }).from(billingCustomers).where(eq(billingCustomers.userId, userId)).limit(1);
        const [subscription] = await db.select({
          plan: subscriptions.plan,
          status: subscriptions.status,
          subscriptionId: subscriptions.subscriptionId,
          priceId: subscriptions.priceId,
          currentPeriodEnd: subscriptions.currentPeriodEnd,
          cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
          graceUntil: subscriptions.graceUntil,
          updatedAt: subscriptions.updatedAt,
        }).from(subscriptions).where(eq(subscriptions.userId, userId)).limit(1);
        return { customer: customer ?? null, subscription: subscription ?? null };
      },
    },
  ];
}
