import type { Ctx } from "../../context.ts";
import { queueEmail } from "../email/queue_email.ts";
import type { OutgoingEmail } from "../email/outgoing_email.ts";
import { paymentFailedEmail } from "../email/templates/payment_failed_email.ts";
import { planChangedEmail } from "../email/templates/plan_changed_email.ts";
import { receiptEmail } from "../email/templates/receipt_email.ts";
import type { BillingOutcome } from "./billing_outcome.ts";
import { PLANS } from "./plans.ts";

/**
 * Queues the emails a billing event calls for (payment failed, receipt, plan changed) as outbox
 * rows in the event's transaction: they go out if and only if the event's effect commits, and a
 * duplicate delivery writes none. Each is also keyed by the event id.
 */
export async function queueBillingEmails(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "outbox" | "settings">;
    input: { eventId: string; outcome: BillingOutcome };
  },
): Promise<void> {
  const { outcome, eventId } = input;
  const to = outcome.recipient;
  if (!to) return;
  const base = { appUrl: ctx.settings.appUrl, to: to.email, name: to.name };
  const emails: Array<[string, OutgoingEmail]> = [];
  if (outcome.paymentFailed) {
    emails.push([
      "payment-failed",
      paymentFailedEmail({ ...base, graceUntil: outcome.paymentFailed.graceUntil }),
    ]);
  }
  if (outcome.receipt) {
    const { plan, ...receipt } = outcome.receipt;
    emails.push(["receipt", receiptEmail({ ...base, ...receipt, planName: PLANS[plan].name })]);
  }
  if (outcome.planChanged) {
    const { from, to: next } = outcome.planChanged;
    emails.push([
      "plan-changed",
      planChangedEmail({ ...base, fromPlan: PLANS[from].name, toPlan: PLANS[next].name }),
    ]);
  }
  for (const [kind, email] of emails) {
    await queueEmail({ ctx, input: { email, key: `${kind}:${eventId}` } });
  }
}
