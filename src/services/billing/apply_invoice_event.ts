import type { Ctx } from "../../context.ts";
import { eq } from "drizzle-orm";
import { subscriptions } from "../../db/tables/billing.ts";
import { users } from "../../db/tables/users.ts";
import type { Db, Tx } from "../../db/database.ts";
import type { BillingEvent } from "../../ports/payments.ts";
import type { BillingOutcome } from "./billing_outcome.ts";
import { PAST_DUE_GRACE_MS } from "./grace.ts";

type InvoiceEvent = Extract<BillingEvent, { kind: "invoice.paid" | "invoice.payment_failed" }>;

/**
 * Applies an invoice event to the subscription it belongs to, inside the caller's transaction.
 * A failed payment starts the past-due grace period (never extends one) and asks for an email; a
 * paid invoice ends it and asks for a receipt (when something was paid). An event older than the
 * stored provider state changes nothing (the subscription events that came after it already tell
 * the truth), though a paid one still gets its receipt.
 */
export async function applyInvoiceEvent(
  { ctx, input: event }: { ctx: Pick<Ctx, "db" | "clock">; input: InvoiceEvent },
): Promise<BillingOutcome | undefined> {
  const tx = ctx.db;
  const where = event.subscriptionId === null
    ? eq(subscriptions.customerId, event.customerId)
    : eq(subscriptions.subscriptionId, event.subscriptionId);
  const [row] = await tx.select().from(subscriptions).where(where).limit(1).for("update");
  if (!row) return undefined;
  const stale = row.providerUpdatedAt.getTime() > event.occurredAt;
  if (event.kind === "invoice.paid") {
    if (!stale) {
      await tx.update(subscriptions).set({
        graceUntil: null,
        status: row.status === "past_due" ? "active" : row.status,
        updatedAt: new Date(ctx.clock.now()),
      }).where(eq(subscriptions.userId, row.userId));
    }
    // The money was taken whatever the order of events: a stale payment still gets its receipt.
    const { amountPaid, currency } = event;
    if (!amountPaid || amountPaid <= 0 || !currency) return { userId: row.userId };
    return {
      userId: row.userId,
      recipient: await recipientOf(tx, row.userId),
      receipt: {
        amountPaid,
        currency,
        invoiceNumber: event.invoiceNumber ?? null,
        paidAt: new Date(event.occurredAt),
        plan: row.plan,
      },
    };
  }
  if (stale) return undefined;
  const status = row.status === "active" || row.status === "trialing" ? "past_due" : row.status;
  const graceUntil = status === "past_due"
    ? row.graceUntil ?? new Date(ctx.clock.now() + PAST_DUE_GRACE_MS)
    : row.graceUntil;
  await tx.update(subscriptions).set({ graceUntil, status, updatedAt: new Date(ctx.clock.now()) })
    .where(eq(subscriptions.userId, row.userId));
  return {
    userId: row.userId,
    recipient: await recipientOf(tx, row.userId),
    paymentFailed: { graceUntil },
  };
}

/** Whom billing emails go to; undefined when the user row is gone. */
export async function recipientOf(
  db: Db | Tx,
  userId: string,
): Promise<{ email: string; name: string } | undefined> {
  const [user] = await db.select({ email: users.email, name: users.name }).from(users)
    .where(eq(users.id, userId)).limit(1);
  return user;
}
