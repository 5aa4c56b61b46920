import Stripe from "stripe";
import type { Clock } from "../../ports/clock.ts";
import type { Payments } from "../../ports/payments.ts";
import { BadRequestError, UpstreamError, WebhookSignatureError } from "../../ports/errors.ts";
import { stripeFailureReason } from "./stripe_failure.ts";
import { createStripeSubscriptions } from "./stripe_subscriptions.ts";
import { StripeShapeError, translateStripeEvent } from "./stripe_translate.ts";

export interface StripePaymentsOptions {
  secretKey: string;
  /** The endpoint's signing secret (`whsec_...`). */
  webhookSecret: string;
  /** Where the API lives; defaults to https://api.stripe.com. Tests point it at a loopback fake. */
  apiBase?: string;
  /** Longest wait for one attempt; a failed attempt is retried once. Defaults to 5000 ms. */
  timeoutMs?: number;
  clock?: Clock;
}

/** Pinned so a library upgrade cannot change the shapes we read without us noticing. */
const API_VERSION = "2026-10-28.endive";
/** Stripe's recommended replay window, applied both ways (the library only checks the past). */
const TOLERANCE_SECONDS = 300;

/**
 * Payments through Stripe: Checkout in subscription mode, the billing portal, signed webhooks
 * translated into `BillingEvent`s, and changes to existing subscriptions
 * (`stripe_subscriptions.ts`). Uses the fetch HTTP client and Web Crypto, so no Node APIs.
 * Failures become an `UpstreamError` naming the operation, never the key or the request body.
 */
export function createStripePayments(options: StripePaymentsOptions): Payments {
  if (!options.secretKey || !options.webhookSecret) {
    throw new TypeError("Cannot create Stripe payments: the secret key or webhook secret is empty");
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = () => options.clock?.now() ?? Date.now();
  const stripe = new Stripe(options.secretKey, {
    apiVersion: API_VERSION,
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: timeoutMs,
    telemetry: false,
    ...endpoint(options.apiBase),
  });
  const cryptoProvider = Stripe.createSubtleCryptoProvider();

  async function call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new UpstreamError(`Cannot ${operation}: ${stripeFailureReason(error, timeoutMs)}`);
    }
  }

  return {
    name: "stripe",
    async ping() {
      await call("reach Stripe", () => stripe.balance.retrieve());
    },
    async createCustomer({ userId, email }) {
      const customer = await call(
        `create the Stripe customer of user "${userId}"`,
        () =>
          stripe.customers.create(
            { email, metadata: { userId } },
            // A retried sign-up or double click must not leave two customers for one user.
            { idempotencyKey: `customer:${userId}` },
          ),
      );
      return { customerId: customer.id };
    },
    async createCheckout(request) {
      const operation = `create a Stripe checkout session for user "${request.userId}"`;
      const session = await call(operation, () =>
        stripe.checkout.sessions.create({
          mode: "subscription",
          customer: request.customerId,
          line_items: [{ price: request.priceId, quantity: 1 }],
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          client_reference_id: request.userId,
          // Copied onto the subscription, so its events name the user even out of order.
          subscription_data: { metadata: { userId: request.userId } },
        }, { idempotencyKey: request.idempotencyKey }));
      if (!session.url) throw new UpstreamError(`Cannot ${operation}: Stripe returned no URL`);
      return { url: session.url };
    },
    async createPortal({ customerId, returnUrl }) {
      const session = await call(
        `open the Stripe billing portal for "${customerId}"`,
        () => stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }),
      );
      return { url: session.url };
    },
    ...createStripeSubscriptions(stripe, { timeoutMs, now }),
    async parseWebhook(rawBody, signatureHeader) {
      const receivedAt = now();
      const signedAt = signatureTimestamp(signatureHeader);
      let event: unknown;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signatureHeader,
          options.webhookSecret,
          TOLERANCE_SECONDS,
          cryptoProvider,
          receivedAt,
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          // The library's message is long and its error carries the payload: never pass it on.
          throw new WebhookSignatureError(
            /tolerance/i.test(error.message)
              ? `Stripe webhook timestamp is more than ${TOLERANCE_SECONDS} s old`
              : "Stripe webhook signature does not verify",
          );
        }
        // Verified, but not a JSON snapshot event (for example a v2 thin event).
        throw new BadRequestError("Cannot read Stripe webhook: the body is not a snapshot event");
      }
      if (signedAt * 1000 - receivedAt > TOLERANCE_SECONDS * 1000) {
        throw new WebhookSignatureError(
          `Stripe webhook timestamp is more than ${TOLERANCE_SECONDS} s in the future`,
        );
      }
      try {
        return translateStripeEvent(event);
      } catch (error) {
        if (error instanceof StripeShapeError) throw new BadRequestError(error.message);
        throw error;
      }
    },
  };
}

/**
 * The `t=` element of a `Stripe-Signature` header, in seconds. Exactly one, digits only: the
 * library reads `t=abc` as NaN and then skips its age check, so we refuse such headers first.
 */
function signatureTimestamp(header: string): number {
  const stamps = header.split(",").filter((part) => part.startsWith("t=")).map((p) => p.slice(2));
  const [stamp] = stamps;
  if (stamps.length !== 1 || !/^\d{1,12}$/.test(stamp!)) {
    throw new WebhookSignatureError("Stripe-Signature header has no valid timestamp");
  }
  return Number(stamp);
}

function endpoint(apiBase: string | undefined): Partial<Stripe.StripeConfig> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}
