import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";

Deno.test("with the database down", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h);
    // Warm the caches the way normal traffic does.
    await expectJson(await h.app.request("/v1/me/entitlements", bearer(user.token)), 200);
    const closed = await createPgliteDatabase({ dataDir: ":memory:" });
    await closed.close();
    const down = createApp({ ...h.deps, database: closed, db: closed.db, readDb: closed.db });

    await t.step("a signed-in user still gets their last known entitlements", async () => {
      h.clock.advance(10 * 60_000); // past the fresh window of every cache entry
      const body = await expectJson<{ plan: string }>(
        await down.request("/v1/me/entitlements", bearer(user.token)),
        200,
      );
      assert.equal(body.plan, "free");
    });

    await t.step(
      "a request that needs the database is a 503 with Retry-After, not a 500",
      async () => {
        const response = await down.request(
          "/v1/pitches?limit=5&sort=trending",
          bearer(user.token),
        );
        const retryAfter = response.headers.get("retry-after");
        const problem = await assertProblem(response, 503, "upstream");
        assert.equal(retryAfter, "5");
        assert.match(problem.detail, /database is unavailable/);
      },
    );

    await t.step("a database that refuses connections is a 503 too", async () => {
      const refused = createTcpDatabase({
        url: "postgres://postgres@127.0.0.1:1/none",
        poolMax: 1,
      });
      try {
        const app = createApp({ ...h.deps, database: refused, db: refused.db, readDb: refused.db });
        const response = await app.request(`/v1/users/${user.id}`);
        await assertProblem(response, 503, "upstream");
      } finally {
        await refused.close();
      }
    });
  } finally {
    await h.close();
  }
});

/**
 * Found by the fault suite (tests/faults): under steady writes every publish retires the list
 * generation, so when Postgres went down the current generation's pages had never been loaded and
 * every anonymous list read was a 503, while pitch reads kept being served.
 */
Deno.test("with the database down, an anonymous list is served from the last page of its query, even after a write retired the generation", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h);
    const first = await createPitch(h, creator.token);
    const listed = await expectJson<{ items: Array<{ id: string }> }>(
      await h.app.request("/v1/pitches?limit=10"),
      200,
    );
    assert.deepEqual(listed.items.map((p) => p.id), [first.id]);
    // A write just before the outage: the page above belongs to a retired generation now.
    await createPitch(h, creator.token);
    await h.deps.background.drain();
    const closed = await createPgliteDatabase({ dataDir: ":memory:" });
    await closed.close();
    const down = createApp({ ...h.deps, database: closed, db: closed.db, readDb: closed.db });

    await t.step("the query's last page is a 200", async () => {
      const response = await down.request("/v1/pitches?limit=10");
      const body = await expectJson<{ items: Array<{ id: string }> }>(response, 200);
      assert.deepEqual(body.items.map((p) => p.id), [first.id]);
    });

    await t.step("a query never answered before is still a 503", async () => {
      await assertProblem(await down.request("/v1/pitches?limit=11"), 503, "upstream");
    });
  } finally {
    await h.close();
  }
});
