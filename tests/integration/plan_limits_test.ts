import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { periodAt } from "../../src/services/billing/periods.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const DAY = 24 * 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

Deno.test("plan limits are enforced on their routes", async (t) => {
  const h = await createHarness();
  // The 28th of next month at noon: days and a month boundary are both a short step away.
  h.clock.set(periodAt("month", Date.now()).resetsAt + 27 * DAY + DAY / 2);
  try {
    await t.step("a free creator's fourth published pitch is 403 quota-exceeded", async () => {
      const creator = await signUpUser(h);
      for (let i = 0; i < 3; i++) await createPitch(h, creator.token);
      const draft = await createPitch(h, creator.token, {}, { publish: false });
      const problem = await assertProblem(
        await h.app.request(
          `/v1/pitches/${draft.id}/publish`,
          jsonRequest("POST", undefined, creator.token),
        ),
        403,
        "quota-exceeded",
      );
      assert.equal(
        problem.detail,
        `Cannot publish pitch "${draft.id}": plan "free" allows 3 published pitches`,
      );
      assert.equal(problem.metric, "published-pitches");
      assert.equal(problem.limit, 3);
      assert.equal(problem.used, 3);
      assert.equal(problem.resetsAt, null);
      await putSubscription(h, creator.id, { status: "active" });
      const upgraded = await h.app.request(
        `/v1/pitches/${draft.id}/publish`,
        jsonRequest("POST", undefined, creator.token),
      );
      assert.equal(upgraded.status, 200, `an upgrade counts at once: ${await upgraded.text()}`);
    });

    await t.step("10 concurrent publishes by a free creator let exactly 3 through", async () => {
      const creator = await signUpUser(h);
      const drafts = [];
      for (let i = 0; i < 10; i++) {
        drafts.push(await createPitch(h, creator.token, {}, { publish: false }));
      }
      const responses = await Promise.all(
        drafts.map((d) =>
          h.app.request(
            `/v1/pitches/${d.id}/publish`,
            jsonRequest("POST", undefined, creator.token),
          )
        ),
      );
      const statuses = await Promise.all(responses.map(async (r) => {
        await r.body?.cancel();
        return r.status;
      }));
      assert.equal(statuses.filter((s) => s === 200).length, 3, statuses.join(","));
      assert.equal(statuses.filter((s) => s === 403).length, 7, statuses.join(","));
      const published = await h.deps.database.db.select({ id: pitches.id }).from(pitches)
        .where(eq(pitches.ownerId, creator.id));
      assert.equal(published.length, 10);
    });

    await t.step("the 11th boost of a day is 403 and boosts come back the next day", async () => {
      const creator = await signUpUser(h);
      const pitch = await createPitch(h, creator.token);
      const scoreOf = async () => {
        const [row] = await h.deps.database.db.select({ s: pitches.trendingScore }).from(pitches)
          .where(eq(pitches.id, pitch.id));
        return row!.s;
      };
      const before = await scoreOf();
      const boost = () =>
        h.app.request(
          `/v1/pitches/${pitch.id}/boost`,
          jsonRequest("POST", undefined, creator.token),
        );
      const tomorrow = iso(periodAt("day", h.clock.now()).resetsAt);
      for (let i = 1; i <= 10; i++) {
        const body = await expectJson(await boost(), 200);
        assert.deepEqual(body, { pitchId: pitch.id, boostsRemaining: 10 - i, resetsAt: tomorrow });
      }
      assert.ok((await scoreOf()) > before, "boosts lift the trending score");
      const problem = await assertProblem(await boost(), 403, "quota-exceeded");
      assert.equal(problem.metric, "boosts");
      assert.equal(problem.limit, 10);
      assert.equal(problem.used, 10);
      assert.equal(problem.resetsAt, tomorrow);
      h.clock.advance(periodAt("day", h.clock.now()).resetsAt - h.clock.now());
      const next = await expectJson(await boost(), 200);
      assert.equal(next.boostsRemaining, 9, "a new UTC day starts from zero");
    });

    await t.step("only the owner boosts, and only a listed pitch", async () => {
      const creator = await signUpUser(h);
      const other = await signUpUser(h);
      const listed = await createPitch(h, creator.token);
      const draft = await createPitch(h, creator.token, {}, { publish: false });
      const unlisted = await createPitch(h, creator.token, { visibility: "unlisted" });
      const boost = (id: string, token: string) =>
        h.app.request(`/v1/pitches/${id}/boost`, jsonRequest("POST", undefined, token));
      await assertProblem(await boost(listed.id, other.token), 403, "forbidden");
      await assertProblem(await boost(draft.id, other.token), 404, "not-found");
      await assertProblem(await boost(draft.id, creator.token), 409, "conflict");
      await assertProblem(await boost(unlisted.id, creator.token), 409, "conflict");
      await assertProblem(
        await h.app.request(`/v1/pitches/${listed.id}/boost`, { method: "POST" }),
        401,
        "unauthorized",
      );
    });

    await t.step(
      "an investor's 11th distinct pitch in a month is 403, reopening is free",
      async () => {
        const creator = await signUpUser(h);
        await putSubscription(h, creator.id, { plan: "studio", status: "active" });
        const investor = await signUpUser(h, { role: "investor" });
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) ids.push((await createPitch(h, creator.token)).id);
        const open = (id: string, token = investor.token) =>
          h.app.request(`/v1/pitches/${id}`, bearer(token));
        for (const id of ids.slice(0, 10)) await expectJson(await open(id), 200);
        const nextMonth = iso(periodAt("month", h.clock.now()).resetsAt);
        const problem = await assertProblem(await open(ids[10]!), 403, "quota-exceeded");
        assert.equal(problem.metric, "pitch-views");
        assert.equal(problem.limit, 10);
        assert.equal(problem.used, 10);
        assert.equal(problem.resetsAt, nextMonth);
        await expectJson(await open(ids[3]!), 200);
        await expectJson(await open(ids[3]!), 200);
        const me = await expectJson<{ usage: Record<string, { used: number }> }>(
          await h.app.request("/v1/me/entitlements", bearer(investor.token)),
          200,
        );
        assert.equal(me.usage["pitch-views"]!.used, 10, "reopening used nothing");
        // Anonymous readers and creators are not metered.
        await expectJson(await h.app.request(`/v1/pitches/${ids[11]}`), 200);
        const otherCreator = await signUpUser(h);
        for (const id of ids) await expectJson(await open(id, otherCreator.token), 200);

        h.clock.advance(periodAt("month", h.clock.now()).resetsAt - h.clock.now());
        await expectJson(await open(ids[10]!), 200);
        await expectJson(await open(ids[11]!), 200);
      },
    );

    await t.step("analytics is 403 feature-not-in-plan on free and 200 on pro", async () => {
      const creator = await signUpUser(h);
      const pitch = await createPitch(h, creator.token);
      const analytics = () =>
        h.app.request(`/v1/pitches/${pitch.id}/analytics`, bearer(creator.token));
      const problem = await assertProblem(await analytics(), 403, "feature-not-in-plan");
      assert.equal(problem.feature, "analytics");
      assert.equal(problem.plan, "free");

      const reader = await signUpUser(h);
      await expectJson(await h.app.request(`/v1/pitches/${pitch.id}`, bearer(reader.token)), 200);
      await h.deps.views.flush();
      await putSubscription(h, creator.id, { status: "active" });
      await invalidateEntitlements(h.deps, creator.id);
      const body = await expectJson<{
        pitchId: string;
        viewCount: number;
        daily: Array<{ date: string; views: number }>;
      }>(await analytics(), 200);
      assert.equal(body.pitchId, pitch.id);
      assert.equal(body.viewCount, 1);
      assert.equal(body.daily.length, 30);
      assert.deepEqual(body.daily.at(-1), { date: iso(h.clock.now()).slice(0, 10), views: 1 });
      assert.equal(body.daily.reduce((sum, d) => sum + d.views, 0), 1);
      await assertProblem(
        await h.app.request(`/v1/pitches/${pitch.id}/analytics`, bearer(reader.token)),
        403,
        "forbidden",
      );
    });
  } finally {
    await h.close();
  }
});
