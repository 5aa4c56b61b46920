import Stripe from "stripe";

/**
 * Why a Stripe call failed, for an `UpstreamError` message: the status and Stripe's codes, or
 * "not reached" / "timed out". Never Stripe's own message, which can quote the (masked) key or our
 * parameters.
 */
export function stripeFailureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const detail = error.detail as { code?: unknown } | undefined;
    return detail?.code === "ETIMEDOUT"
      ? `Stripe did not answer within ${timeoutMs} ms`
      : "Stripe could not be reached";
  }
  if (error instanceof Stripe.errors.StripeError && error.statusCode) {
    const codes = [error.rawType, error.code].filter(Boolean).join(", ");
    return `Stripe answered status ${error.statusCode}${codes ? ` (${codes})` : ""}`;
  }
  return "the Stripe request failed";
}

/**
 * Whether Stripe said the object does not exist (`resource_missing`), as opposed to a 404 for a
 * wrong URL, which must not read as a missing object.
 */
export function isStripeResourceMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.code === "resource_missing";
}

/** A refusal of the request itself (status 400), e.g. canceling what is already canceled. */
export function isStripeRefusal(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.statusCode === 400;
}
