import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { idempotencyKeys } from "../../src/db/tables/idempotency_keys.ts";
import { IDEMPOTENCY_CLAIM_LEASE_MS } from "../../src/services/idempotency/claim_idempotency_key.ts";
import { signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import {
  holdNextCheckout,
  keyedPost,
  newKey,
  pitchCount,
  snapshot,
  usedUnits,
} from "../support/idempotency.ts";
import { randomPitch } from "../support/pitches.ts";

const onRealPostgres = Boolean(Deno.env.get("TEST_DATABASE_URL"));

Deno.test("Idempotency-Key while the first request still runs", async (t) => {
  const h = await createHarness();
  try {
    await t.step(
      "copies sent while the first is held are 409 with Retry-After; it then runs once",
      async () => {
        const user = await signUpUser(h);
        const key = newKey();
        const body = { plan: "pro", interval: "month" };
        const before = h.payments.checkouts.length;
        const held = holdNextCheckout(h);
        const first = keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body });
        await held.reached;
        const copies = await Promise.all(
          Array.from(
            { length: 5 },
            () => keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
          ),
        );
        for (const copy of copies) {
          assert.equal(copy.headers.get("retry-after"), "1");
          await assertProblem(copy, 409, "idempotency-key-in-use");
        }
        held.release();
        const answer = await snapshot(await first);
        assert.equal(answer.status, 200, answer.body);
        assert.equal(answer.replayed, null);
        const replay = await snapshot(
          await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
        );
        assert.equal(replay.replayed, "true", replay.body);
        assert.equal(replay.body, answer.body);
        assert.equal(h.payments.checkouts.length, before + 1, "the checkout ran once");
      },
    );

    await t.step(
      "a claim left running past its lease (a dead instance) is taken over by a retry",
      async () => {
        const user = await signUpUser(h);
        const key = newKey();
        const body = { plan: "studio", interval: "month" };
        const held = holdNextCheckout(h);
        const stuck = keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body });
        await held.reached;
        await assertProblem(
          await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
          409,
          "idempotency-key-in-use",
        );
        h.clock.advance(IDEMPOTENCY_CLAIM_LEASE_MS);
        const retry = await snapshot(
          await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
        );
        assert.equal(retry.status, 200, retry.body);
        assert.equal(retry.replayed, null, "the retry ran");
        held.release();
        await expectJson(await stuck, 200);
        assert.ok(
          h.logger.lines.some((r) =>
            r.message === "Idempotency claim lapsed before its response was stored"
          ),
          "the late first run is logged, and its answer not stored",
        );
        const replay = await snapshot(
          await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
        );
        assert.equal(replay.replayed, "true");
        assert.equal(replay.body, retry.body, "the retry's answer is the one kept");
      },
    );

    await t.step("20 simultaneous copies of POST /v1/pitches create one pitch", async () => {
      const user = await signUpUser(h);
      const key = newKey();
      const body = randomPitch();
      const responses = await Promise.all(
        Array.from(
          { length: 20 },
          () => keyedPost(h, "/v1/pitches", { token: user.token, key, body }),
        ),
      );
      const answers = await Promise.all(responses.map(snapshot));
      const statuses = answers.map((a) => a.status);
      assert.ok(statuses.every((s) => s === 201 || s === 409), JSON.stringify(statuses));
      const ran = answers.filter((a) => a.status === 201 && a.replayed === null);
      const summary = answers.map((a) => `${a.status}${a.replayed ? " replayed" : ""}`);
      assert.equal(ran.length, 1, summary.join(", "));
      const ids = new Set(
        answers.filter((a) => a.status === 201).map((a) => JSON.parse(a.body).id),
      );
      assert.equal(ids.size, 1, [...ids].join(", "));
      assert.equal(await pitchCount(h, user.id), 1);
    });
  } finally {
    await h.close();
  }
});

/**
 * Holds the first request inside its handler with a table lock taken by the test (its write
 * waits), then sends copies: each must find the claim and answer 409, whatever the interleaving,
 * because the claim is committed before the handler starts. Only a real server has the second
 * connection this needs.
 */
async function holdWithTableLock(
  h: Harness,
  user: TestUser,
  table: "pitches" | "usage_counters",
  send: () => Promise<Response>,
): Promise<{ first: Promise<Response>; copies: Response[] }> {
  let first!: Promise<Response>;
  let copies!: Response[];
  let timer: ReturnType<typeof setTimeout> | undefined;
  await h.deps.database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`lock table ${table} in exclusive mode`));
    first = send();
    await claimVisible(h, user.id);
    // A copy that waited for the lock (it ran the handler) would hang here: fail instead.
    copies = await Promise.race([
      Promise.all(Array.from({ length: 5 }, send)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("copies waited for the held request")), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
  });
  return { first, copies };
}

/** Waits until a claim of `userId` is committed: the barrier the held request has reached. */
async function claimVisible(h: Harness, userId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const rows = await h.deps.db.select({ status: idempotencyKeys.status }).from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, userId));
    if (rows.some((r) => r.status === "running")) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No running claim of user "${userId}" appeared within 10 s`);
}

Deno.test({
  name: "Idempotency-Key on real Postgres: copies of a held request run nothing and answer 409",
  ignore: !onRealPostgres,
  fn: async (t) => {
    const h = await createHarness();
    try {
      await t.step(
        "POST /v1/pitches held at its insert: one pitch, five 409s, then a replay",
        async () => {
          const user = await signUpUser(h);
          const key = newKey();
          const body = randomPitch();
          const send = () => keyedPost(h, "/v1/pitches", { token: user.token, key, body });
          const { first, copies } = await holdWithTableLock(h, user, "pitches", send);
          for (const copy of copies) await assertProblem(copy, 409, "idempotency-key-in-use");
          const created = await snapshot(await first);
          assert.equal(created.status, 201, created.body);
          assert.equal(await pitchCount(h, user.id), 1);
          const replay = await snapshot(await send());
          assert.equal(replay.replayed, "true", replay.body);
          assert.equal(replay.body, created.body);
        },
      );

      await t.step("a consuming check held at its counter: one unit spent, five 409s", async () => {
        const user = await signUpUser(h);
        const key = newKey();
        const body = { feature: "boosts", consume: 1 };
        const send = () => keyedPost(h, "/v1/entitlements/check", { token: user.token, key, body });
        const { first, copies } = await holdWithTableLock(h, user, "usage_counters", send);
        for (const copy of copies) await assertProblem(copy, 409, "idempotency-key-in-use");
        await expectJson(await first, 200);
        assert.equal(await usedUnits(h, user.id, "boosts"), 1);
      });
    } finally {
      await h.close();
    }
  },
});
