import type { Ctx } from "../../context.ts";
import { eq } from "drizzle-orm";
import { subscriptions } from "../../db/tables/billing.ts";
import { users } from "../../db/tables/users.ts";
import type { BillingEvent } from "../../ports/payments.ts";
import { PAST_DUE_GRACE_MS } from "./grace.ts";

type InvoiceEvent = Extract<BillingEvent, { kind: "invoice.paid" | "invoice.payment_failed" }>;

/** What an applied invoice event changed, and whom to email once the change is committed. */
export interface InvoiceOutcome {
  userId: string;
  paymentFailed?: { to: string; name: string; graceUntil: Date | null };
}

/**
 * Applies an invoice event to the subscription it belongs to, inside the caller's transaction.
 * A failed payment starts the past-due grace period (never extends one) and asks for an email; a
 * paid invoice ends it. An event older than the stored provider state changes nothing: the
 * subscription events that came after it already tell the truth.
 */
export async function applyInvoiceEvent(
  { ctx, input: event }: { ctx: Pick<Ctx, "db" | "clock">; input: InvoiceEvent },
): Promise<InvoiceOutcome | undefined> {
  const tx = ctx.db;
  const where = event.subscriptionId === null
    ? eq(subscriptions.customerId, event.customerId)
    : eq(subscriptions.subscriptionId, event.subscriptionId);
  const [row] = await tx.select().from(subscriptions).where(where).limit(1).for("update");
  if (!row || row.providerUpdatedAt.getTime() > event.occurredAt) return undefined;
  if (event.kind === "invoice.paid") {
    await tx.update(subscriptions).set({
      graceUntil: null,
      status: row.status === "past_due" ? "active" : row.status,
      updatedAt: new Date(ctx.clock.now()),
    }).where(eq(subscriptions.userId, row.userId));
    return { userId: row.userId };
  }
  const status = row.status === "active" || row.status === "trialing" ? "past_due" : row.status;
  const graceUntil = status === "past_due"
    ? row.graceUntil ?? new Date(ctx.clock.now() + PAST_DUE_GRACE_MS)
    : row.graceUntil;
  await tx.update(subscriptions).set({ graceUntil, status, updatedAt: new Date(ctx.clock.now()) })
    .where(eq(subscriptions.userId, row.userId));
  const [user] = await tx.select({ email: users.email, name: users.name }).from(users)
    .where(eq(users.id, row.userId)).limit(1);
  return {
    userId: row.userId,
    paymentFailed: user && { to: user.email, name: user.name, graceUntil },
  };
}
