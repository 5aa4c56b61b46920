import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

/** Scores are logs of sums of exponentials: equal up to float rounding. */
const EPSILON = 1e-9;

async function score(h: Harness, id: string): Promise<{ score: number; saves: number }> {
  const [row] = await h.deps.db.select({ score: pitches.trendingScore, saves: pitches.saveCount })
    .from(pitches).where(eq(pitches.id, id));
  assert.ok(row, `pitch "${id}" exists`);
  return row;
}

async function call(h: Harness, method: "PUT" | "DELETE", id: string, user: TestUser) {
  const response = await h.app.request(
    `/v1/pitches/${id}/save`,
    jsonRequest(method, undefined, user.token),
  );
  assert.equal(response.status, 204, `${method} save: ${await response.text()}`);
}

function assertClose(actual: number, expected: number, message: string) {
  assert.ok(Math.abs(actual - expected) < EPSILON, `${message}: ${actual} vs ${expected}`);
}

Deno.test("DELETE /v1/pitches/{id}/save takes back the trending weight of the save", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const reader = await signUpUser(h, { role: "investor" });
    const other = await signUpUser(h, { role: "investor" });
    // Published at the same instant, so both start from the same score.
    const cycled = (await createPitch(h, owner.token)).id;
    const control = (await createPitch(h, owner.token)).id;
    assert.equal((await score(h, cycled)).score, (await score(h, control)).score);

    await t.step("save then unsave leaves the score where it was", async () => {
      const before = await score(h, cycled);
      h.clock.advance(60_000);
      await call(h, "PUT", cycled, reader);
      assert.ok((await score(h, cycled)).score > before.score, "a save adds weight");
      await call(h, "DELETE", cycled, reader);
      const after = await score(h, cycled);
      assertClose(after.score, before.score, "the unsave takes it back");
      assert.equal(after.saves, 0);
    });

    await t.step("save/unsave x10, then a save, scores exactly like one save", async () => {
      for (let i = 0; i < 10; i++) {
        h.clock.advance(60 * 60_000);
        await call(h, "PUT", cycled, reader);
        await call(h, "DELETE", cycled, reader);
      }
      h.clock.advance(60 * 60_000);
      await call(h, "PUT", cycled, reader);
      await call(h, "PUT", control, reader);
      const [a, b] = [await score(h, cycled), await score(h, control)];
      assertClose(a.score, b.score, "ten cycles left nothing behind");
      assert.deepEqual([a.saves, b.saves], [1, 1]);
    });

    await t.step("one user's unsave leaves another user's save in the score", async () => {
      const [p, q] = [
        (await createPitch(h, owner.token)).id,
        (await createPitch(h, owner.token)).id,
      ];
      h.clock.advance(60_000);
      await call(h, "PUT", p, reader);
      h.clock.advance(60_000);
      await call(h, "PUT", p, other);
      await call(h, "PUT", q, other);
      h.clock.advance(60_000);
      await call(h, "DELETE", p, reader);
      const [a, b] = [await score(h, p), await score(h, q)];
      assertClose(a.score, b.score, "only the reader's save was taken back");
      assert.deepEqual([a.saves, b.saves], [1, 1]);
    });

    await t.step("a score never drops below the publication's weight", async () => {
      const id = (await createPitch(h, owner.token)).id;
      const published = (await score(h, id)).score;
      await call(h, "PUT", id, reader);
      // As if the save's weight had never been added (rows written behind the API: seed data).
      await h.deps.db.update(pitches).set({ trendingScore: published }).where(eq(pitches.id, id));
      await call(h, "DELETE", id, reader);
      assert.equal((await score(h, id)).score, published);
    });
  } finally {
    await h.close();
  }
});
