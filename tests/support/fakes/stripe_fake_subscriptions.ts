import {
  type Answer,
  invalidRequest,
  parameterMissing,
  randomId,
  resourceMissing,
} from "./stripe_fake_wire.ts";

type Json = Record<string, unknown>;

/** A price change the fake prorated, as Stripe would create proration invoice items for it. */
export interface FakeProration {
  subscription: string;
  fromPrice: string;
  toPrice: string;
  behavior: string;
}

const ENDED = new Set(["canceled", "incomplete_expired"]);
const PRORATIONS = new Set(["create_prorations", "always_invoice", "none"]);

/**
 * The subscription routes of the Stripe fake:
 * - `GET /v1/subscriptions` lists newest first, by `customer` (400 `resource_missing` for an
 *   unknown one) and `status` (default: every status but canceled; `all`; `ended`), with `limit`
 *   (1-100, default 10), `starting_after` and `has_more`;
 * - `GET /v1/subscriptions/:id`, and `DELETE` (cancels now; 400 when already canceled);
 * - `POST /v1/subscriptions/:id` updates: `items[n][id]` with `price` replaces that item's price
 *   (an item id of another subscription is a 400), `items[n]` without an id ADDS an item, as
 *   Stripe does, and `deleted=true` removes one; `proration_behavior` (default
 *   `create_prorations`) is recorded per changed price unless `none`; `metadata` merges. An
 *   ended subscription is refused. Billing-cycle resets on an interval change are not modeled.
 * Unknown ids are 404 `resource_missing`.
 */
export function createFakeSubscriptions(options: { customers: Map<string, Json> }) {
  const store = new Map<string, Json>();
  const prorations: FakeProration[] = [];

  const list = (form: Json): Answer => {
    const customer = form.customer as string | undefined;
    if (customer !== undefined && !options.customers.has(customer)) {
      return resourceMissing("customer", customer, "customer");
    }
    const limit = Number(form.limit ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return invalidRequest("Invalid integer: limit must be between 1 and 100.", "limit");
    }
    const status = form.status as string | undefined;
    const matches = [...store.values()].reverse().filter((s) =>
      (customer === undefined || s.customer === customer) &&
      (status === undefined ? s.status !== "canceled" : status === "all" ||
        (status === "ended" ? ENDED.has(String(s.status)) : s.status === status))
    );
    let start = 0;
    if (form.starting_after !== undefined) {
      start = matches.findIndex((s) => s.id === form.starting_after) + 1;
      if (start === 0) {
        return resourceMissing("subscription", String(form.starting_after), "starting_after");
      }
    }
    const data = matches.slice(start, start + limit);
    return {
      status: 200,
      body: {
        object: "list",
        data,
        has_more: start + limit < matches.length,
        url: "/v1/subscriptions",
      },
    };
  };

  const update = (found: Json, form: Json): Answer => {
    if (ENDED.has(String(found.status))) {
      return invalidRequest(
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    }
    const behavior = String(form.proration_behavior ?? "create_prorations");
    if (!PRORATIONS.has(behavior)) {
      return invalidRequest(`Invalid proration_behavior: ${behavior}`, "proration_behavior");
    }
    const items = structuredClone((found.items as { data: Json[] }).data);
    const changes = (form.items ?? []) as Json[];
    for (const [i, change] of changes.entries()) {
      const item = change.id === undefined ? undefined : items.find((it) => it.id === change.id);
      if (change.id !== undefined && !item) {
        return resourceMissing("subscription_item", String(change.id), `items[${i}][id]`);
      }
      const price = change.price as string | undefined;
      if (item && change.deleted === "true") {
        items.splice(items.indexOf(item), 1);
      } else if (item && price) {
        const fromPrice = (item.price as Json).id as string;
        if (fromPrice !== price && behavior !== "none") {
          prorations.push({ subscription: String(found.id), fromPrice, toPrice: price, behavior });
        }
        item.price = { ...(item.price as Json), id: price };
      } else if (!item) {
        if (!price) return parameterMissing(`items[${i}][price]`);
        if (items.some((it) => (it.price as Json).id === price)) {
          return invalidRequest("Cannot add multiple subscription items with the same price.");
        }
        items.push({
          ...structuredClone(items[0] ?? {}),
          id: `si_${randomId(14)}`,
          price: { id: price, object: "price" },
        });
      }
    }
    const updated = {
      ...found,
      items: { ...(found.items as Json), data: items, total_count: items.length },
      metadata: { ...(found.metadata as Json), ...(form.metadata as Json | undefined) },
    };
    store.set(String(found.id), updated);
    return { status: 200, body: updated };
  };

  const cancel = (found: Json, now: number): Answer => {
    // A canceled subscription cannot be canceled again (the exact wording is ours).
    if (found.status === "canceled") {
      return invalidRequest(`Subscription '${found.id}' is already canceled.`);
    }
    const canceled = { ...found, status: "canceled", canceled_at: now, ended_at: now };
    store.set(String(found.id), canceled);
    return { status: 200, body: canceled };
  };

  /** The answer for a subscription route, or undefined when the path is not one. */
  const route = (method: string, path: string, form: Json, now: number): Answer | undefined => {
    if (path === "/v1/subscriptions" && method === "GET") return list(form);
    const match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (!match) return undefined;
    const id = decodeURIComponent(match[1]!);
    const found = store.get(id);
    if (!found) return resourceMissing("subscription", id, "id", 404);
    if (method === "GET") return { status: 200, body: found };
    if (method === "POST") return update(found, form);
    if (method === "DELETE") return cancel(found, now);
    return undefined;
  };

  return { store, prorations, route };
}
