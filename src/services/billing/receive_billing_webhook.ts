import type { Ctx } from "../../context.ts";
import { stripeWebhooks } from "../../lib/metrics/app_metrics.ts";
import { WebhookSignatureError } from "../../ports/errors.ts";
import { applyBillingEvent } from "./apply_billing_event.ts";

/** What receiving a billing webhook needs. */
export type BillingWebhookCtx = Pick<
  Ctx,
  "db" | "payments" | "settings" | "clock" | "outbox" | "logger" | "cache"
>;

/**
 * The one path every billing webhook takes, the provider's and the offline dev checkout's alike:
 * authenticate the raw body (a `WebhookSignatureError` when it does not verify), translate it,
 * then apply the event once. Resolves only after the change is committed. Each outcome is counted in
 * `pitchey_billing_webhooks_total`.
 */
export async function receiveBillingWebhook(
  args: { ctx: BillingWebhookCtx; input: { rawBody: string; signature: string } },
): Promise<{ duplicate: boolean }> {
  try {
    const result = await verifyAndApply(args);
    stripeWebhooks.at(result.duplicate ? "duplicate" : "applied").inc();
    return result;
  } catch (error) {
    stripeWebhooks.at(error instanceof WebhookSignatureError ? "invalid_signature" : "failed")
      .inc();
    throw error;
  }
}

async function verifyAndApply(
  { ctx, input }: { ctx: BillingWebhookCtx; input: { rawBody: string; signature: string } },
): Promise<{ duplicate: boolean }> {
  const event = await ctx.payments.parseWebhook(input.rawBody, input.signature);
  const result = await applyBillingEvent({ ctx, input: event });
  ctx.logger.info("Billing event received", {
    eventId: event.eventId,
    kind: event.kind,
    duplicate: result.duplicate,
  });
  return result;
}
