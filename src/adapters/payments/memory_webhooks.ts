import type { BillingEvent, SignedBillingEvent } from "../../ports/payments.ts";

/**
 * The offline provider's side of webhooks: events are our own `BillingEvent`s signed with a
 * per-process HMAC key, and the ones the provider emits by itself (a plan change, a cancellation)
 * are handed to the attached endpoint, as a provider posts to the configured webhook URL. Events
 * emitted before an endpoint is attached wait for it, so none is lost at startup.
 */
export interface MemoryWebhooks {
  sign(event: BillingEvent): Promise<SignedBillingEvent>;
  /** Whether `signature` is this process's signature of `body`. */
  verify(body: string, signature: string): Promise<boolean>;
  emit(event: BillingEvent): Promise<void>;
  attach(deliver: (event: SignedBillingEvent) => void): void;
}

export function createMemoryWebhooks(): MemoryWebhooks {
  const keyPromise = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  let endpoint: ((event: SignedBillingEvent) => void) | undefined;
  const waiting: SignedBillingEvent[] = [];

  async function sign(event: BillingEvent): Promise<SignedBillingEvent> {
    const body = JSON.stringify(event);
    const mac = await crypto.subtle.sign("HMAC", await keyPromise, new TextEncoder().encode(body));
    return { body, signature: toHex(new Uint8Array(mac)) };
  }

  return {
    sign,
    async verify(body, signature) {
      const mac = fromHex(signature);
      return mac !== undefined && await crypto.subtle.verify(
        "HMAC",
        await keyPromise,
        mac,
        new TextEncoder().encode(body),
      );
    },
    async emit(event) {
      const signed = await sign(event);
      if (endpoint) endpoint(signed);
      else waiting.push(signed);
    },
    attach(deliver) {
      endpoint = deliver;
      for (const signed of waiting.splice(0)) deliver(signed);
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
