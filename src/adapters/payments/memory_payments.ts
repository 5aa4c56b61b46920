import type { BillingEvent, CheckoutRequest, Payments } from "../../ports/payments.ts";
import { WebhookSignatureError } from "../../services/shared/errors.ts";

export interface MemoryPayments extends Payments {
  readonly checkouts: ReadonlyArray<CheckoutRequest & { sessionId: string }>;
  /** Signs a billing event the way `parseWebhook` expects, for the offline upgrade flow and tests. */
  sign(event: BillingEvent): Promise<{ body: string; signature: string }>;
}

/**
 * Offline payments for the embedded default: checkout and portal return local URLs, and webhooks
 * are our own `BillingEvent`s signed with a per-process HMAC key, so an offline upgrade goes through
 * the same webhook code path a real provider's event takes.
 */
export function createMemoryPayments(options: { publicUrl: string }): MemoryPayments {
  const checkouts: Array<CheckoutRequest & { sessionId: string }> = [];
  const keyPromise = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  return {
    name: "memory",
    checkouts,
    createCheckout(request) {
      const sessionId = `cs_dev_${crypto.randomUUID().replaceAll("-", "")}`;
      checkouts.push({ ...request, sessionId });
      const customerId = request.customerId ?? `cus_dev_${request.userId}`;
      return Promise.resolve({ url: `${options.publicUrl}/dev/checkout/${sessionId}`, customerId });
    },
    createPortal(request) {
      return Promise.resolve({
        url: `${options.publicUrl}/dev/portal/${encodeURIComponent(request.customerId)}`,
      });
    },
    async sign(event) {
      const body = JSON.stringify(event);
      const mac = await crypto.subtle.sign(
        "HMAC",
        await keyPromise,
        new TextEncoder().encode(body),
      );
      return { body, signature: toHex(new Uint8Array(mac)) };
    },
    async parseWebhook(rawBody, signatureHeader) {
      const mac = fromHex(signatureHeader);
      const ok = mac !== undefined && await crypto.subtle.verify(
        "HMAC",
        await keyPromise,
        mac,
        new TextEncoder().encode(rawBody),
      );
      if (!ok) throw new WebhookSignatureError("Webhook signature does not verify");
      return JSON.parse(rawBody) as BillingEvent;
    },
  };
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^([0-9a-f]{2})+$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
