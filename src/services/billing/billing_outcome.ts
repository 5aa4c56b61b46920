import type { PlanId } from "./plans.ts";

/**
 * What an applied billing event changed, and what to email about it once the change is
 * committed. Emails need `recipient`; it is absent when the user row is gone.
 */
export interface BillingOutcome {
  userId: string;
  recipient?: { email: string; name: string };
  /** A renewal failed: the plan stays until `graceUntil`. */
  paymentFailed?: { graceUntil: Date | null };
  /** An invoice was paid (a non-zero amount): send a receipt. */
  receipt?: {
    amountPaid: number;
    currency: string;
    invoiceNumber: string | null;
    paidAt: Date;
    plan: PlanId;
  };
  /** The plan in force changed (upgrade, downgrade, or the end of a subscription). */
  planChanged?: { from: PlanId; to: PlanId };
}
