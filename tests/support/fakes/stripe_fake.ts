/**
 * A loopback fake of the part of the Stripe REST API the payments adapter uses, spoken to by the
 * real `stripe` client (pointed here with host, port and protocol "http"). What it reproduces:
 * - auth with the secret key as a bearer token or a Basic username; anything else is a 401 with
 *   Stripe's error body, which quotes the key masked but for its last four characters;
 * - form-encoded bodies with bracketed keys (`line_items[0][price]`, `metadata[userId]`);
 * - `POST /v1/customers`, `POST /v1/checkout/sessions`, `POST /v1/billing_portal/sessions`
 *   (both refuse an unknown customer like Stripe: 400 `resource_missing`);
 * - listing, reading, updating (a price change, prorated) and canceling subscriptions: see
 *   `stripe_fake_subscriptions.ts`; query strings of GET and DELETE are decoded like bodies;
 * - `Idempotency-Key` on POSTs: the same key and body replay the first 2xx answer (with
 *   `Idempotent-Replayed: true`); the same key with another body or path is a 400
 *   `idempotency_error`. Failed requests are not stored, as Stripe does not store them;
 * - `Request-Id` and `Stripe-Version` response headers.
 * Test controls: `setSubscription`, `subscriptions` and `prorations` (what updates prorated), the
 * `requests` log, and `mode` ("down" answers 500 `api_error`; "hang" never answers until the
 * client gives up or the fake closes).
 */
import { createFakeSubscriptions, type FakeProration } from "./stripe_fake_subscriptions.ts";
import {
  type Answer,
  parameterMissing,
  randomId,
  resourceMissing,
  stripeError,
} from "./stripe_fake_wire.ts";

export interface StripeFakeRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
  /** The form body decoded into nested objects and arrays. */
  form: Record<string, unknown>;
}

export interface StripeFake {
  /** Base URL to hand the adapter as `apiBase`. */
  url: string;
  requests: StripeFakeRequest[];
  mode: "normal" | "down" | "hang";
  /** Customers and sessions created, by id. */
  readonly customers: Map<string, Record<string, unknown>>;
  readonly checkoutSessions: Map<string, Record<string, unknown>>;
  /** Stores a subscription object (Stripe's JSON shape), as if created; newest listed first. */
  setSubscription(subscription: Record<string, unknown> & { id: string }): void;
  /** Subscriptions by id, in their current state. */
  readonly subscriptions: ReadonlyMap<string, Record<string, unknown>>;
  /** Price changes that updates prorated, oldest first. */
  readonly prorations: ReadonlyArray<FakeProration>;
  close(): Promise<void>;
}

export function startStripeFake(options: { secretKey: string }): Promise<StripeFake> {
  const customers = new Map<string, Record<string, unknown>>();
  const checkoutSessions = new Map<string, Record<string, unknown>>();
  const subscriptions = createFakeSubscriptions({ customers });
  const idempotent = new Map<string, { fingerprint: string; answer: Answer }>();
  const hanging = new Set<() => void>();
  const requests: StripeFakeRequest[] = [];

  const route = (method: string, path: string, form: Record<string, unknown>): Answer => {
    const now = Math.floor(Date.now() / 1000);
    if (method === "POST" && path === "/v1/customers") {
      const customer = {
        id: `cus_${randomId(14)}`,
        object: "customer",
        created: now,
        email: form.email ?? null,
        livemode: false,
        metadata: form.metadata ?? {},
      };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const missing = ["mode", "success_url", "line_items"].find((k) => form[k] === undefined);
      if (missing) return parameterMissing(missing);
      const unknown = unknownCustomer(form.customer);
      if (unknown) return unknown;
      const id = `cs_test_${randomId(24)}`;
      const session = {
        id,
        object: "checkout.session",
        cancel_url: form.cancel_url ?? null,
        client_reference_id: form.client_reference_id ?? null,
        created: now,
        customer: form.customer ?? null,
        livemode: false,
        metadata: form.metadata ?? {},
        mode: form.mode,
        payment_status: "unpaid",
        status: "open",
        subscription: null,
        success_url: form.success_url,
        url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      checkoutSessions.set(id, { ...session, line_items: form.line_items, form });
      return { status: 200, body: session };
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (form.customer === undefined) return parameterMissing("customer");
      const unknown = unknownCustomer(form.customer);
      if (unknown) return unknown;
      return {
        status: 200,
        body: {
          id: `bps_${randomId(24)}`,
          object: "billing_portal.session",
          created: now,
          customer: form.customer,
          livemode: false,
          return_url: form.return_url ?? null,
          url: `https://billing.stripe.com/p/session/test_${randomId(32)}`,
        },
      };
    }
    const answer = subscriptions.route(method, path, form, now);
    if (answer) return answer;
    return stripeError(404, {
      message: `Unrecognized request URL (${method}: ${path}).`,
      type: "invalid_request_error",
    });
  };

  const unknownCustomer = (customer: unknown): Answer | undefined => {
    if (customer === undefined || customers.has(String(customer))) return undefined;
    return resourceMissing("customer", String(customer), "customer");
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = await request.text();
    const inQuery = request.method === "GET" || request.method === "DELETE";
    const form = decodeForm(inQuery ? url.search.slice(1) : body);
    const headers = Object.fromEntries(request.headers);
    requests.push({ method: request.method, path: url.pathname, headers, body, form });
    if (fake.mode === "hang") {
      // Held until `close()`: the client's own timeout is what the test is about.
      await new Promise<void>((resolve) => hanging.add(resolve));
      return stripeResponse(stripeError(504, { message: "Gave up", type: "api_error" }));
    }
    if (fake.mode === "down") {
      return stripeResponse(stripeError(500, {
        message: "An unknown error occurred",
        type: "api_error",
      }));
    }
    const key = apiKey(request.headers.get("authorization"));
    if (key !== options.secretKey) {
      return stripeResponse(stripeError(401, {
        message: key
          ? `Invalid API Key provided: ${masked(key)}`
          : "You did not provide an API key. You need to provide your API key in the " +
            "Authorization header, using Bearer auth " +
            "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        type: "invalid_request_error",
      }));
    }
    const idempotencyKey = request.method === "POST"
      ? request.headers.get("idempotency-key")
      : null;
    if (idempotencyKey) {
      const fingerprint = `${request.method} ${url.pathname}\n${body}`;
      const seen = idempotent.get(idempotencyKey);
      if (seen && seen.fingerprint !== fingerprint) {
        return stripeResponse(stripeError(400, {
          message:
            "Keys for idempotent requests can only be used with the same parameters they were " +
            `first used with. Try using a key other than '${idempotencyKey}' if you meant to ` +
            "execute a different request.",
          type: "idempotency_error",
        }));
      }
      if (seen) return stripeResponse(seen.answer, { "Idempotent-Replayed": "true" });
      const answer = route(request.method, url.pathname, form);
      if (answer.status < 300) idempotent.set(idempotencyKey, { fingerprint, answer });
      return stripeResponse(answer);
    }
    return stripeResponse(route(request.method, url.pathname, form));
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);
  const fake: StripeFake = {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    mode: "normal",
    customers,
    checkoutSessions,
    setSubscription(subscription) {
      subscriptions.store.delete(subscription.id);
      subscriptions.store.set(subscription.id, subscription);
    },
    subscriptions: subscriptions.store,
    prorations: subscriptions.prorations,
    async close() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
  return Promise.resolve(fake);
}

function stripeResponse(answer: Answer, headers: Record<string, string> = {}): Response {
  return Response.json(answer.body, {
    status: answer.status,
    headers: { "Request-Id": `req_${randomId(14)}`, "Stripe-Version": "fake", ...headers },
  });
}

/** The key from `Bearer <key>` or Basic auth with the key as the username. */
function apiKey(authorization: string | null): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ""] = authorization.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value;
  if (scheme?.toLowerCase() === "basic") {
    try {
      return atob(value).split(":")[0];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function masked(key: string): string {
  const prefix = key.slice(0, key.indexOf("_", 3) + 1 || 3);
  return `${prefix}${"*".repeat(Math.max(key.length - prefix.length - 4, 0))}${key.slice(-4)}`;
}

/** Decodes `a[b][0][c]=v` pairs into nested objects, turning all-index objects into arrays. */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const keys = name.replace(/\]/g, "").split("[");
    let node = root;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as Record<string, unknown>;
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

function arraysOf(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, arraysOf(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return indexed ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}
