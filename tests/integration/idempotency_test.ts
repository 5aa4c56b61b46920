import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { idempotencyKeys } from "../../src/db/tables/idempotency_keys.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { IDEMPOTENCY_KEY_TTL_MS } from "../../src/services/idempotency/claim_idempotency_key.ts";
import { signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { keyedPost, newKey, pitchCount, snapshot, usedUnits } from "../support/idempotency.ts";
import { randomPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

Deno.test("Idempotency-Key makes a retried POST /v1/pitches run once", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h);
    const token = creator.token;

    await t.step("without the header every POST creates a pitch, as before", async () => {
      const before = await pitchCount(h, creator.id);
      const body = randomPitch();
      for (let i = 0; i < 2; i++) {
        const response = await keyedPost(h, "/v1/pitches", { token, body });
        await expectJson(response, 201);
        assert.equal(response.headers.get("idempotent-replayed"), null);
      }
      assert.equal(await pitchCount(h, creator.id), before + 2);
    });

    await t.step(
      "a retry with the same key and body gets the first response and creates nothing",
      async () => {
        const before = await pitchCount(h, creator.id);
        const key = newKey();
        const body = randomPitch();
        const first = await snapshot(await keyedPost(h, "/v1/pitches", { token, key, body }));
        assert.equal(first.status, 201, first.body);
        assert.equal(first.replayed, null, first.body);
        for (let i = 0; i < 3; i++) {
          const again = await snapshot(await keyedPost(h, "/v1/pitches", { token, key, body }));
          assert.equal(again.replayed, "true", again.body);
          assert.deepEqual(
            { ...again, replayed: null },
            first,
            "a replay repeats status, body, Location and ETag",
          );
        }
        assert.equal(await pitchCount(h, creator.id), before + 1);
      },
    );

    await t.step("the same JSON in another key order and spacing is the same request", async () => {
      const key = newKey();
      const first = await snapshot(
        await keyedPost(h, "/v1/pitches", {
          token,
          key,
          rawBody: '{"title":"Order","logline":"L","genre":"drama","format":"feature"}',
        }),
      );
      assert.equal(first.status, 201, first.body);
      const again = await snapshot(
        await keyedPost(h, "/v1/pitches", {
          token,
          key,
          rawBody: '{ "format": "feature", "genre": "drama",\n "logline": "L", "title": "Order" }',
        }),
      );
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.body, first.body);
    });

    await t.step(
      "the same key with another body is 422 idempotency-key-reused and creates nothing",
      async () => {
        const key = newKey();
        await expectJson(
          await keyedPost(h, "/v1/pitches", { token, key, body: randomPitch() }),
          201,
        );
        const before = await pitchCount(h, creator.id);
        const reused = await keyedPost(h, "/v1/pitches", { token, key, body: randomPitch() });
        const problem = await assertProblem(reused, 422, "idempotency-key-reused");
        assert.match(problem.detail, /different request/, JSON.stringify(problem));
        assert.equal(await pitchCount(h, creator.id), before);
      },
    );

    await t.step("the same key on another route is 422 and spends nothing there", async () => {
      const key = newKey();
      await expectJson(await keyedPost(h, "/v1/pitches", { token, key, body: randomPitch() }), 201);
      const other = await keyedPost(h, "/v1/me/exports", {
        token,
        key,
        body: { kind: "pitch-performance" },
      });
      await assertProblem(other, 422, "idempotency-key-reused");
      assert.equal(await usedUnits(h, creator.id, "exports"), 0);
    });

    await t.step(
      "keys are per caller: another user's identical key and body creates their own pitch",
      async () => {
        const other = await signUpUser(h);
        const key = newKey();
        const body = randomPitch();
        const mine = await expectJson<{ id: string }>(
          await keyedPost(h, "/v1/pitches", { token, key, body }),
          201,
        );
        const response = await keyedPost(h, "/v1/pitches", { token: other.token, key, body });
        assert.equal(response.headers.get("idempotent-replayed"), null);
        const theirs = await expectJson<{ id: string; ownerId: string }>(response, 201);
        assert.notEqual(theirs.id, mine.id);
        assert.equal(theirs.ownerId, other.id);
        assert.equal(await pitchCount(h, other.id), 1);
      },
    );

    await t.step(
      "a key is kept 24 hours: replayed a minute before, run again once they pass",
      async () => {
        const key = newKey();
        const body = randomPitch();
        const first = await expectJson<{ id: string }>(
          await keyedPost(h, "/v1/pitches", { token, key, body }),
          201,
        );
        h.clock.advance(IDEMPOTENCY_KEY_TTL_MS - 60_000);
        const late = await keyedPost(h, "/v1/pitches", { token, key, body });
        assert.equal(late.headers.get("idempotent-replayed"), "true");
        assert.equal((await expectJson<{ id: string }>(late, 201)).id, first.id);
        h.clock.advance(60_000);
        const before = await pitchCount(h, creator.id);
        const expired = await keyedPost(h, "/v1/pitches", { token, key, body });
        assert.equal(expired.headers.get("idempotent-replayed"), null);
        assert.notEqual((await expectJson<{ id: string }>(expired, 201)).id, first.id);
        assert.equal(await pitchCount(h, creator.id), before + 1);
      },
    );

    await t.step("a malformed key is 400 and nothing runs", async () => {
      const before = await pitchCount(h, creator.id);
      const malformed = ["", "two words", "x".repeat(256), "caf\u00e9", '"open', '"a", "b"', '""'];
      for (const key of malformed) {
        const response = await keyedPost(h, "/v1/pitches", { token, key, body: randomPitch() });
        const problem = await assertProblem(response, 400, "bad-request");
        assert.match(problem.detail, /Idempotency-Key/, JSON.stringify(problem));
      }
      assert.equal(await pitchCount(h, creator.id), before);
    });

    await t.step(
      "a 255-character key works, and a quoted key is the same key as its bare form",
      async () => {
        const long = "k".repeat(255);
        await expectJson(
          await keyedPost(h, "/v1/pitches", { token, key: long, body: randomPitch() }),
          201,
        );
        const key = newKey();
        const body = randomPitch();
        await expectJson(await keyedPost(h, "/v1/pitches", { token, key: `"${key}"`, body }), 201);
        const bare = await keyedPost(h, "/v1/pitches", { token, key, body });
        assert.equal(bare.headers.get("idempotent-replayed"), "true");
        await expectJson(bare, 201);
      },
    );

    await t.step(
      "a hostile body (deeply nested, prototype keys) with a key is a 422, never a 500",
      async () => {
        const hostile = [
          "[".repeat(20_000) + "]".repeat(20_000),
          '{"__proto__":{"admin":true},"constructor":{"prototype":{}},"title":"x"}',
        ];
        for (const rawBody of hostile) {
          const key = newKey();
          const first = await keyedPost(h, "/v1/pitches", { token, key, rawBody });
          await assertProblem(first, 422, "validation-failed");
          const again = await keyedPost(h, "/v1/pitches", { token, key, rawBody });
          assert.equal(again.headers.get("idempotent-replayed"), "true");
          await assertProblem(again, 422, "validation-failed");
        }
      },
    );

    await t.step("an invalid body's 422 is stored: the same request replays it", async () => {
      const key = newKey();
      const body = { title: "No logline" };
      const first = await snapshot(await keyedPost(h, "/v1/pitches", { token, key, body }));
      assert.equal(first.status, 422, first.body);
      const again = await snapshot(await keyedPost(h, "/v1/pitches", { token, key, body }));
      assert.equal(again.status, 422, again.body);
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.contentType, first.contentType);
      assert.equal(again.body, first.body, "the replay repeats the first problem document");
    });

    await t.step(
      "the stored row keeps a digest of the key and a sealed body, never either in clear",
      async () => {
        const key = newKey();
        const body = randomPitch();
        const pitch = await expectJson<{ id: string; title: string }>(
          await keyedPost(h, "/v1/pitches", { token, key, body }),
          201,
        );
        const rows = await h.deps.db.select().from(idempotencyKeys)
          .where(eq(idempotencyKeys.userId, creator.id));
        const row = rows.find((r) => r.responseHeaders?.location === `/v1/pitches/${pitch.id}`);
        assert.ok(row, JSON.stringify(rows));
        assert.equal(row.status, "completed");
        assert.equal(row.responseStatus, 201);
        assert.ok(!JSON.stringify(row).includes(key), JSON.stringify(row));
        assert.ok(!row.responseBody?.includes(pitch.title), row.responseBody ?? "");
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("Idempotency-Key stores only answers a retry would get again", async (t) => {
  const h = await createHarness();
  try {
    await t.step(
      "a quota refusal is not stored: after an upgrade the retry runs and spends once",
      async () => {
        const user = await signUpUser(h);
        const token = user.token;
        const body = { kind: "pitch-performance" };
        await expectJson(await keyedPost(h, "/v1/me/exports", { token, body }), 202);
        const key = newKey();
        await assertProblem(
          await keyedPost(h, "/v1/me/exports", { token, key, body }),
          403,
          "quota-exceeded",
        );
        await putSubscription(h, user.id, { plan: "pro", status: "active" });
        await invalidateEntitlements(h.deps, user.id);
        const retried = await keyedPost(h, "/v1/me/exports", { token, key, body });
        assert.equal(retried.headers.get("idempotent-replayed"), null);
        await expectJson(retried, 202);
        const replay = await keyedPost(h, "/v1/me/exports", { token, key, body });
        assert.equal(replay.headers.get("idempotent-replayed"), "true");
        await expectJson(replay, 202);
        assert.equal(await usedUnits(h, user.id, "exports"), 2);
      },
    );

    await t.step(
      "a failed run (503) releases the key: the retry runs and its answer is kept",
      async () => {
        const user = await signUpUser(h);
        const token = user.token;
        const key = newKey();
        const body = { plan: "pro", interval: "month" };
        const original = h.payments.createCheckout;
        h.payments.createCheckout = () =>
          Promise.reject(new UpstreamError("Stripe is unreachable"));
        try {
          const failed = await keyedPost(h, "/v1/billing/checkout", { token, key, body });
          await assertProblem(failed, 503, "upstream");
        } finally {
          h.payments.createCheckout = original;
        }
        const retried = await keyedPost(h, "/v1/billing/checkout", { token, key, body });
        assert.equal(retried.headers.get("idempotent-replayed"), null);
        const first = await expectJson<{ url: string }>(retried, 200);
        const replay = await keyedPost(h, "/v1/billing/checkout", { token, key, body });
        assert.equal(replay.headers.get("idempotent-replayed"), "true");
        assert.deepEqual(await expectJson(replay, 200), first);
      },
    );

    await t.step("an unexpected error (500) releases the key too", async () => {
      const user = await signUpUser(h);
      const token = user.token;
      const key = newKey();
      const body = { plan: "studio", interval: "year" };
      const original = h.payments.createCheckout;
      h.payments.createCheckout = () => Promise.reject(new Error("socket hang up"));
      try {
        await assertProblem(
          await keyedPost(h, "/v1/billing/checkout", { token, key, body }),
          500,
          "internal",
        );
      } finally {
        h.payments.createCheckout = original;
      }
      const rows = await h.deps.db.select().from(idempotencyKeys)
        .where(eq(idempotencyKeys.userId, user.id));
      assert.deepEqual(rows, [], "no claim is left behind");
      await expectJson(await keyedPost(h, "/v1/billing/checkout", { token, key, body }), 200);
    });

    await t.step("deleting the account deletes its stored responses", async () => {
      const user = await signUpUser(h);
      await expectJson(
        await keyedPost(h, "/v1/pitches", {
          token: user.token,
          key: newKey(),
          body: randomPitch(),
        }),
        201,
      );
      const gone = await h.app.request("/v1/me", {
        method: "DELETE",
        headers: { authorization: `Bearer ${user.token}` },
      });
      assert.equal(gone.status, 204, await gone.text());
      const rows = await h.deps.db.select().from(idempotencyKeys)
        .where(eq(idempotencyKeys.userId, user.id));
      assert.deepEqual(rows, []);
    });
  } finally {
    await h.close();
  }
});
