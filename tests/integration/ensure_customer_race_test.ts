import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { billingCustomers } from "../../src/db/tables/billing.ts";
import { ensureCustomer } from "../../src/services/billing/ensure_customer.ts";
import { signUpUser } from "../support/accounts.ts";
import { deliver, subscriptionEvent, subscriptionOf } from "../support/billing.ts";
import { createHarness } from "../support/harness.ts";

// The race needs real connections: PGlite runs one statement at a time, so there it only checks
// that every caller gets the one stored id.
const onRealPostgres = Boolean(Deno.env.get("TEST_DATABASE_URL"));
const ROUNDS = onRealPostgres ? 40 : 3;
const CALLERS = 8;

Deno.test("first rows written by concurrent billing work", async (t) => {
  const h = await createHarness();
  try {
    await t.step(
      "callers that insert the same customer at once all get it, none fails on its unique id",
      async () => {
        // The provider answers every caller with the same customer (Stripe's idempotency key),
        // so the racing inserts collide on customer_id as well as on user_id. ON CONFLICT that
        // names only user_id let the customer_id collision through as a 500.
        for (let round = 0; round < ROUNDS; round++) {
          const user = await signUpUser(h);
          const results = await Promise.allSettled(
            Array.from(
              { length: CALLERS },
              () => ensureCustomer({ ctx: h.deps, input: { userId: user.id } }),
            ),
          );
          const failures = results.filter((r) => r.status === "rejected");
          assert.deepEqual(failures, [], `round ${round}`);
          const ids = new Set(results.map((r) => r.status === "fulfilled" ? r.value : ""));
          const rows = await h.deps.database.db.select().from(billingCustomers)
            .where(eq(billingCustomers.userId, user.id));
          assert.equal(rows.length, 1);
          assert.deepEqual(ids, new Set([rows[0]!.customerId]));
        }
      },
    );

    await t.step(
      "distinct events for one new subscription, delivered at once, are all received",
      async () => {
        // Each racing insert carries the same subscription_id (unique) as well as the user id.
        for (let round = 0; round < ROUNDS; round++) {
          const user = await signUpUser(h);
          const at = h.clock.now();
          const results = await Promise.all(
            Array.from(
              { length: CALLERS },
              (_, i) =>
                deliver(h, subscriptionEvent(at + i, { userId: user.id, updatedAt: at + i })),
            ),
          );
          for (const result of results) {
            assert.equal(result.status, 200, `round ${round}: ${JSON.stringify(result.body)}`);
          }
          const row = await subscriptionOf(h, user.id);
          assert.equal(row?.providerUpdatedAt.getTime(), at + CALLERS - 1, "the newest state wins");
        }
      },
    );
  } finally {
    await h.close();
  }
});
