import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { reportExports } from "../../src/db/tables/exports.ts";
import { idempotencyKeys } from "../../src/db/tables/idempotency_keys.ts";
import { IDEMPOTENCY_KEY_TTL_MS } from "../../src/services/idempotency/claim_idempotency_key.ts";
import { applyRetention } from "../../src/services/maintenance/apply_retention.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness, TEST_ORIGIN } from "../support/harness.ts";
import { keyedPost, newKey, snapshot, usedUnits } from "../support/idempotency.ts";
import { createPitch, randomPitch } from "../support/pitches.ts";

/** The operations that honour `Idempotency-Key`, as OpenAPI names them. */
const IDEMPOTENT_OPERATIONS = [
  ["/v1/pitches", "post"],
  ["/v1/pitches/{id}/boost", "post"],
  ["/v1/me/exports", "post"],
  ["/v1/me/api-keys", "post"],
  ["/v1/billing/checkout", "post"],
  ["/v1/entitlements/check", "post"],
] as const;

Deno.test("every POST that creates or spends honours Idempotency-Key", async (t) => {
  const h = await createHarness();
  try {
    await t.step("POST /v1/entitlements/check consuming with a key spends once", async () => {
      const user = await signUpUser(h);
      const key = newKey();
      const body = { feature: "boosts", consume: 2 };
      const path = "/v1/entitlements/check";
      const first = await snapshot(await keyedPost(h, path, { token: user.token, key, body }));
      assert.equal(first.status, 200, first.body);
      const again = await snapshot(await keyedPost(h, path, { token: user.token, key, body }));
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.body, first.body);
      assert.equal(await usedUnits(h, user.id, "boosts"), 2);
    });

    await t.step("POST /v1/entitlements/check without consume ignores the key", async () => {
      const user = await signUpUser(h);
      const key = newKey();
      const path = "/v1/entitlements/check";
      const spend = { feature: "boosts", consume: 1 };
      await expectJson(await keyedPost(h, path, { token: user.token, key, body: spend }), 200);
      // A plain check with the same key is neither a replay nor a reuse: it reads live state.
      const check = await keyedPost(h, path, {
        token: user.token,
        key,
        body: { feature: "boosts" },
      });
      assert.equal(check.headers.get("idempotent-replayed"), null);
      const answer = await expectJson<{ remaining: number }>(check, 200);
      assert.equal(answer.remaining, 9, JSON.stringify(answer));
      assert.equal(await usedUnits(h, user.id, "boosts"), 1);
    });

    await t.step("POST /v1/pitches/{id}/boost replayed with its key boosts once", async () => {
      const owner = await signUpUser(h);
      const pitch = await createPitch(h, owner.token);
      const key = newKey();
      const path = `/v1/pitches/${pitch.id}/boost`;
      const first = await snapshot(await keyedPost(h, path, { token: owner.token, key }));
      assert.equal(first.status, 200, first.body);
      const again = await snapshot(await keyedPost(h, path, { token: owner.token, key }));
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.body, first.body);
      assert.equal(await usedUnits(h, owner.id, "boosts"), 1);
      // The same key on another pitch is another request.
      const other = await createPitch(h, owner.token);
      const reused = await keyedPost(h, `/v1/pitches/${other.id}/boost`, {
        token: owner.token,
        key,
      });
      assert.equal(reused.status, 422, await reused.text());
    });

    await t.step("POST /v1/me/exports replayed with its key creates one export", async () => {
      const user = await signUpUser(h);
      const key = newKey();
      const body = { kind: "pitch-performance" };
      const first = await snapshot(
        await keyedPost(h, "/v1/me/exports", { token: user.token, key, body }),
      );
      assert.equal(first.status, 202, first.body);
      assert.ok(first.location?.startsWith("/v1/me/exports/"), first.location ?? "");
      const again = await snapshot(
        await keyedPost(h, "/v1/me/exports", { token: user.token, key, body }),
      );
      assert.deepEqual({ ...again, replayed: null }, first);
      assert.equal(again.replayed, "true");
      const rows = await h.deps.db.select().from(reportExports)
        .where(eq(reportExports.userId, user.id));
      assert.equal(rows.length, 1, JSON.stringify(rows.map((r) => r.id)));
      assert.equal(await usedUnits(h, user.id, "exports"), 1);
    });

    await t.step("POST /v1/me/api-keys replayed returns the one key created", async () => {
      const user = await signUpUser(h, { verified: true });
      const key = newKey();
      const body = { name: "ci", scopes: ["read"] };
      const first = await snapshot(
        await keyedPost(h, "/v1/me/api-keys", { token: user.token, key, body }),
      );
      assert.equal(first.status, 201, first.body);
      const again = await snapshot(
        await keyedPost(h, "/v1/me/api-keys", { token: user.token, key, body }),
      );
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.body, first.body);
      const list = await expectJson<{ items: unknown[] }>(
        await h.app.request("/v1/me/api-keys", bearer(user.token)),
        200,
      );
      assert.equal(list.items.length, 1, JSON.stringify(list));
      const secret = (JSON.parse(first.body) as { key: string }).key;
      const rows = await h.deps.db.select().from(idempotencyKeys)
        .where(eq(idempotencyKeys.userId, user.id));
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(secret), "the new API key is never stored in clear");
    });

    await t.step("POST /v1/billing/checkout replayed with its key opens one checkout", async () => {
      const user = await signUpUser(h);
      const key = newKey();
      const body = { plan: "pro", interval: "year" };
      const before = h.payments.checkouts.length;
      const first = await snapshot(
        await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
      );
      assert.equal(first.status, 200, first.body);
      const again = await snapshot(
        await keyedPost(h, "/v1/billing/checkout", { token: user.token, key, body }),
      );
      assert.equal(again.replayed, "true", again.body);
      assert.equal(again.body, first.body);
      assert.equal(h.payments.checkouts.length, before + 1);
    });

    await t.step(
      "a replay passes the route's guards again: an API key cannot replay a session's key",
      async () => {
        const user = await signUpUser(h, { verified: true });
        const key = newKey();
        const body = { name: "guarded", scopes: ["read", "write"] };
        const created = await expectJson<{ key: string }>(
          await keyedPost(h, "/v1/me/api-keys", { token: user.token, key, body }),
          201,
        );
        const replay = await keyedPost(h, "/v1/me/api-keys", { token: created.key, key, body });
        assert.equal(replay.status, 403, await replay.text());
        assert.equal(replay.headers.get("idempotent-replayed"), null);
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("idempotency keys are documented, exposed to browsers and purged", async (t) => {
  const h = await createHarness();
  try {
    await t.step(
      "OpenAPI has one IdempotencyKey header parameter, used by each POST that creates or spends",
      async () => {
        const doc = await expectJson<{
          components: { parameters: Record<string, { name: string; in: string }> };
          paths: Record<string, Record<string, { parameters?: unknown[]; responses: object }>>;
        }>(await h.app.request("/openapi.json"), 200);
        const parameter = doc.components.parameters.IdempotencyKey;
        assert.deepEqual(
          { name: parameter?.name, in: parameter?.in },
          { name: "Idempotency-Key", in: "header" },
        );
        for (const [path, method] of IDEMPOTENT_OPERATIONS) {
          const operation = doc.paths[path]?.[method];
          assert.ok(operation, `${method} ${path} is documented`);
          assert.ok(
            JSON.stringify(operation.parameters ?? []).includes(
              "#/components/parameters/IdempotencyKey",
            ),
            `${method} ${path}: ${JSON.stringify(operation.parameters)}`,
          );
          for (const status of ["409", "422"]) {
            const response =
              (operation.responses as Record<string, { description: string }>)[status];
            assert.match(
              response?.description ?? "",
              /Idempotency-Key/,
              `${method} ${path} ${status}`,
            );
          }
        }
      },
    );

    await t.step("a browser may read Idempotent-Replayed (CORS)", async () => {
      const user = await signUpUser(h);
      const response = await h.app.request("/v1/me", {
        headers: { authorization: `Bearer ${user.token}`, origin: TEST_ORIGIN },
      });
      await expectJson(response, 200);
      assert.match(
        response.headers.get("access-control-expose-headers") ?? "",
        /Idempotent-Replayed/,
      );
    });

    await t.step("retention deletes keys past 24 hours and keeps younger ones", async () => {
      const user = await signUpUser(h);
      const old = newKey();
      const body = randomPitch();
      await expectJson(
        await keyedPost(h, "/v1/pitches", { token: user.token, key: old, body }),
        201,
      );
      h.clock.advance(IDEMPOTENCY_KEY_TTL_MS / 2);
      await expectJson(
        await keyedPost(h, "/v1/pitches", {
          token: user.token,
          key: newKey(),
          body: randomPitch(),
        }),
        201,
      );
      h.clock.advance(IDEMPOTENCY_KEY_TTL_MS / 2);
      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.idempotencyKeys, 1, JSON.stringify(report));
      const left = await h.deps.db.select().from(idempotencyKeys)
        .where(eq(idempotencyKeys.userId, user.id));
      assert.equal(left.length, 1, JSON.stringify(left));
      assert.equal(
        (await applyRetention({ ctx: h.deps })).idempotencyKeys,
        0,
        "a second run finds nothing",
      );
    });
  } finally {
    await h.close();
  }
});
