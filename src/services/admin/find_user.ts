import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { subscriptions } from "../../db/tables/billing.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { normalizeEmail } from "../accounts/user_view.ts";
import { entitlementsFromSubscription } from "../billing/entitlement_rules.ts";
import type { PlanId } from "../billing/plans.ts";
import { type AdminUserView, toAdminUserView } from "./admin_user_view.ts";

/** The provider's subscription as last applied, as an administrator needs it to help a customer. */
export interface AdminSubscriptionView {
  plan: "pro" | "studio";
  status: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  graceUntil: string | null;
}

/** One user with the plan in force and the subscription behind it. */
export interface AdminUserDetail extends AdminUserView {
  /** The plan the user gets right now (after grace periods and cancellations). */
  plan: PlanId;
  /** "free" without a subscription, else the provider's status ("active", "past_due", ...). */
  planStatus: string;
  subscription: AdminSubscriptionView | null;
}

/**
 * Finds a user by id or by email (exact, compared as stored: trimmed and lower case). Read from
 * the primary, not the entitlement cache: an administrator answering a customer needs the state
 * as of now.
 */
export async function findUser(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { id: string } | { email: string };
  },
): Promise<AdminUserDetail> {
  const where = "id" in input
    ? eq(users.id, input.id)
    : eq(users.email, normalizeEmail(input.email));
  const [found] = await ctx.db.select({ user: users, subscription: subscriptions })
    .from(users)
    .leftJoin(subscriptions, eq(subscriptions.userId, users.id))
    .where(where)
    .limit(1);
  if (!found) {
    throw new NotFoundError("id" in input ? `No user "${input.id}"` : "No user with that email");
  }
  const { user, subscription } = found;
  const entitlements = entitlementsFromSubscription(
    subscription ?? undefined,
    user.id,
    ctx.clock.now(),
  );
  return {
    ...toAdminUserView(user),
    plan: entitlements.plan,
    planStatus: entitlements.status,
    subscription: subscription && {
      plan: subscription.plan,
      status: subscription.status,
      currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
      graceUntil: subscription.graceUntil?.toISOString() ?? null,
    },
  };
}
