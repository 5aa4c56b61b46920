import { and, count, eq, isNull, sum } from "drizzle-orm";
import { usageCounters } from "../../src/db/tables/billing.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import type { Harness } from "./harness.ts";

/** A POST with a JSON body (or none), a bearer token and, when given, an `Idempotency-Key`. */
export function keyedPost(
  h: Harness,
  path: string,
  options: { token: string; key?: string; body?: unknown; rawBody?: string },
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  const body = options.rawBody ??
    (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.key !== undefined) headers["idempotency-key"] = options.key;
  return Promise.resolve(h.app.request(path, { method: "POST", headers, body }));
}

/** A response reduced to what a replay must repeat, plus the replay marker, for comparisons. */
export async function snapshot(response: Response) {
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get("location"),
    etag: response.headers.get("etag"),
    contentType: response.headers.get("content-type"),
    replayed: response.headers.get("idempotent-replayed"),
  };
}

/** How many live pitches `ownerId` has in the database. */
export async function pitchCount(h: Harness, ownerId: string): Promise<number> {
  const [row] = await h.deps.db.select({ n: count() }).from(pitches)
    .where(and(eq(pitches.ownerId, ownerId), isNull(pitches.deletedAt)));
  return row?.n ?? 0;
}

/** Units of `metric` `userId` has used, over every period, from the counters. */
export async function usedUnits(h: Harness, userId: string, metric: string): Promise<number> {
  const [row] = await h.deps.db.select({ n: sum(usageCounters.used) }).from(usageCounters)
    .where(and(eq(usageCounters.userId, userId), eq(usageCounters.metric, metric)));
  return Number(row?.n ?? 0);
}

/** A fresh random key, as a client should make one per operation. */
export const newKey = () => crypto.randomUUID();

/**
 * Makes the harness's next checkout wait at a barrier, holding that request mid-run (after its
 * key is claimed): `reached` resolves once it waits, `release` lets it finish. Later checkouts run
 * as usual. Works on PGlite too: the held request keeps no transaction open while it waits.
 */
export function holdNextCheckout(h: Harness) {
  const reached = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();
  const original = h.payments.createCheckout;
  h.payments.createCheckout = async (request) => {
    h.payments.createCheckout = original;
    reached.resolve();
    await gate.promise;
    return await original(request);
  };
  return { reached: reached.promise, release: () => gate.resolve() };
}
