import { putSubscription } from "../support/subscriptions.ts";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { saves } from "../../src/db/tables/engagement.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import { pitchListGeneration, readablePitchCache } from "../../src/services/pitches/pitch_cache.ts";
import type { PitchView } from "../../src/services/pitches/pitch_view.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson, expectNoContent } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { insertPitch, setPitch } from "../support/pitch_rows.ts";
import { createPitch, PITCH_FIELDS } from "../support/pitches.ts";

interface PitchPage {
  items: PitchView[];
  nextCursor: string | null;
}

async function counters(h: Harness, id: string) {
  const [row] = await h.deps.database.db
    .select({
      saveCount: pitches.saveCount,
      score: pitches.trendingScore,
      version: pitches.version,
    })
    .from(pitches).where(eq(pitches.id, id));
  assert.ok(row, `pitch "${id}" exists`);
  return row;
}

function put(h: Harness, id: string, token?: string) {
  return h.app.request(`/v1/pitches/${id}/save`, jsonRequest("PUT", undefined, token));
}

function unsave(h: Harness, id: string, token?: string) {
  return h.app.request(`/v1/pitches/${id}/save`, jsonRequest("DELETE", undefined, token));
}

async function saved(h: Harness, token: string, query = ""): Promise<PitchPage> {
  const response = await h.app.request(`/v1/me/saved${query}`, bearer(token));
  const page = await expectJson<PitchPage>(response, 200);
  assert.equal(response.headers.get("cache-control"), "private, no-store");
  return page;
}

async function savedIds(h: Harness, token: string): Promise<string[]> {
  return (await saved(h, token, "?limit=100")).items.map((p) => p.id);
}

Deno.test("PUT and DELETE /v1/pitches/{id}/save", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const reader = await signUpUser(h, { role: "investor" });
    const other = await signUpUser(h, { role: "investor" });
    const published = await insertPitch(h, owner);

    await t.step("anonymous callers get 401 on every route", async () => {
      await assertProblem(await put(h, published), 401, "unauthorized");
      await assertProblem(await unsave(h, published), 401, "unauthorized");
      await assertProblem(await h.app.request("/v1/me/saved"), 401, "unauthorized");
    });

    await t.step("an unknown pitch is 404 for PUT and DELETE", async () => {
      const problem = await assertProblem(
        await put(h, "pit_missing", reader.token),
        404,
        "not-found",
      );
      assert.equal(problem.detail, 'Pitch "pit_missing" not found');
      await assertProblem(await unsave(h, "pit_missing", reader.token), 404, "not-found");
    });

    await t.step("someone else's draft, private, archived or deleted pitch is 404", async () => {
      const hidden = [
        await insertPitch(h, owner, { status: "draft" }),
        await insertPitch(h, owner, { visibility: "private" }),
        await insertPitch(h, owner, { status: "archived" }),
        await insertPitch(h, owner, { deleted: true }),
      ];
      for (const id of hidden) {
        await assertProblem(await put(h, id, reader.token), 404, "not-found");
        await assertProblem(await unsave(h, id, reader.token), 404, "not-found");
        assert.equal((await counters(h, id)).saveCount, 0);
      }
      assert.deepEqual(await savedIds(h, reader.token), []);
    });

    await t.step("a published unlisted pitch of someone else can be saved", async () => {
      const unlisted = await insertPitch(h, owner, { visibility: "unlisted" });
      await expectNoContent(await put(h, unlisted, reader.token));
      assert.equal((await counters(h, unlisted)).saveCount, 1);
      await expectNoContent(await unsave(h, unlisted, reader.token));
    });

    await t.step("an owner can save their own draft and sees it in the saved list", async () => {
      const draft = await insertPitch(h, owner, { status: "draft" });
      await expectNoContent(await put(h, draft, owner.token));
      assert.deepEqual(await savedIds(h, owner.token), [draft]);
      await expectNoContent(await unsave(h, draft, owner.token));
      assert.deepEqual(await savedIds(h, owner.token), []);
    });

    await t.step("PUT twice counts one save; DELETE twice removes it once", async () => {
      const before = await counters(h, published);
      await expectNoContent(await put(h, published, reader.token));
      const once = await counters(h, published);
      assert.equal(once.saveCount, 1);
      assert.ok(once.score > before.score, "a save raises the trending score");
      assert.equal(once.version, before.version, "a save is not an edit: the ETag stays");
      await expectNoContent(await put(h, published, reader.token));
      assert.deepEqual(await counters(h, published), once, "a second PUT changes nothing");

      await expectNoContent(await put(h, published, other.token));
      assert.equal((await counters(h, published)).saveCount, 2);

      await expectNoContent(await unsave(h, published, reader.token));
      assert.equal((await counters(h, published)).saveCount, 1);
      await expectNoContent(await unsave(h, published, reader.token));
      assert.equal((await counters(h, published)).saveCount, 1, "a second DELETE changes nothing");
      await expectNoContent(await unsave(h, published, other.token));
      assert.equal((await counters(h, published)).saveCount, 0);
      await expectNoContent(await put(h, published, reader.token));
      assert.equal((await counters(h, published)).saveCount, 1, "saving again counts again");
      await expectNoContent(await unsave(h, published, reader.token));
    });

    await t.step("10 concurrent PUTs by one user count one save", async () => {
      const id = await insertPitch(h, owner);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => put(h, id, reader.token)),
      );
      for (const response of responses) await expectNoContent(response);
      assert.equal((await counters(h, id)).saveCount, 1);
      const rows = await h.deps.database.db.select().from(saves).where(eq(saves.pitchId, id));
      assert.equal(rows.length, 1);

      const deletes = await Promise.all(
        Array.from({ length: 10 }, () => unsave(h, id, reader.token)),
      );
      for (const response of deletes) await expectNoContent(response);
      assert.equal((await counters(h, id)).saveCount, 0);
    });

    await t.step("DELETE never takes the count below zero", async () => {
      const id = await insertPitch(h, owner);
      await expectNoContent(await put(h, id, reader.token));
      await setPitch(h, id, { saveCount: 0 });
      await expectNoContent(await unsave(h, id, reader.token));
      assert.equal((await counters(h, id)).saveCount, 0);
    });

    await t.step("a save drops the pitch's cached read but keeps the list pages", async () => {
      const id = await insertPitch(h, owner);
      const view = { id } as PitchView;
      await h.deps.cache.set(readablePitchCache, id, view);
      await h.deps.cache.set(pitchListGeneration, "all", "gen-1");
      await expectNoContent(await put(h, id, reader.token));
      assert.equal(await h.deps.cache.get(readablePitchCache, id), undefined);
      assert.equal(await h.deps.cache.get(pitchListGeneration, "all"), "gen-1");

      await h.deps.cache.set(readablePitchCache, id, view);
      await expectNoContent(await unsave(h, id, reader.token));
      assert.equal(await h.deps.cache.get(readablePitchCache, id), undefined);
      assert.equal(await h.deps.cache.get(pitchListGeneration, "all"), "gen-1");
    });

    await t.step("through the pitch API, readers see the new count at once", async () => {
      const pitch = await createPitch(h, owner.token);
      const read = async () => {
        const response = await h.app.request(`/v1/pitches/${pitch.id}`, bearer(other.token));
        return (await expectJson<PitchView>(response, 200)).saveCount;
      };
      assert.equal(await read(), 0, "the read is now cached");
      await expectNoContent(await put(h, pitch.id, reader.token));
      assert.equal(await read(), 1);
      await expectNoContent(await unsave(h, pitch.id, reader.token));
      assert.equal(await read(), 0);
    });

    await t.step(
      "a saved pitch that became private can still be unsaved, then is 404",
      async () => {
        const id = await insertPitch(h, owner);
        await expectNoContent(await put(h, id, reader.token));
        await setPitch(h, id, { visibility: "private" });
        await expectNoContent(await unsave(h, id, reader.token));
        assert.equal((await counters(h, id)).saveCount, 0);
        await assertProblem(await unsave(h, id, reader.token), 404, "not-found");
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/me/saved", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const reader = await signUpUser(h, { role: "investor" });

    await t.step("lists saved pitches, most recently saved first, as Pitch objects", async () => {
      const [first, second, third] = [
        await insertPitch(h, owner),
        await insertPitch(h, owner),
        await insertPitch(h, owner),
      ];
      for (const id of [second, first, third]) {
        h.clock.advance(1_000);
        await expectNoContent(await put(h, id!, reader.token));
      }
      const page = await saved(h, reader.token);
      assert.deepEqual(page.items.map((p) => p.id), [third, first, second]);
      assert.equal(page.nextCursor, null);
      assert.deepEqual(Object.keys(page.items[0]!).sort(), PITCH_FIELDS, JSON.stringify(page));
      assert.equal(page.items[0]!.saveCount, 1);
      await h.deps.database.db.delete(saves).where(eq(saves.userId, reader.id));
    });

    await t.step(
      "drops pitches that became private, archived or deleted; the owner keeps them",
      async () => {
        const ids = {
          stays: await insertPitch(h, owner),
          unlisted: await insertPitch(h, owner),
          private: await insertPitch(h, owner),
          archived: await insertPitch(h, owner),
          softDeleted: await insertPitch(h, owner),
          hardDeleted: await insertPitch(h, owner),
          draft: await insertPitch(h, owner),
        };
        for (const id of Object.values(ids)) {
          h.clock.advance(1_000);
          await expectNoContent(await put(h, id, reader.token));
          await expectNoContent(await put(h, id, owner.token));
        }
        await setPitch(h, ids.unlisted, { visibility: "unlisted" });
        await setPitch(h, ids.private, { visibility: "private" });
        await setPitch(h, ids.archived, { status: "archived" });
        await setPitch(h, ids.softDeleted, { deletedAt: new Date(h.clock.now()) });
        await setPitch(h, ids.draft, { status: "draft", publishedAt: null });
        await h.deps.database.db.delete(pitches).where(eq(pitches.id, ids.hardDeleted));

        assert.deepEqual(await savedIds(h, reader.token), [ids.unlisted, ids.stays]);
        assert.deepEqual(
          await savedIds(h, owner.token),
          [ids.draft, ids.archived, ids.private, ids.unlisted, ids.stays],
          "owners still see their own pitches in every state but deleted",
        );

        await setPitch(h, ids.private, { visibility: "public" });
        assert.deepEqual(
          await savedIds(h, reader.token),
          [ids.private, ids.unlisted, ids.stays],
          "a pitch made public again comes back",
        );
        await h.deps.database.db.delete(saves);
      },
    );

    await t.step("25 saves in pages of 10: no duplicates, no gaps", async () => {
      const expected: string[] = [];
      for (let i = 0; i < 25; i++) {
        const id = await insertPitch(h, owner);
        // Pairs share a timestamp, so the pitch id must break ties.
        if (i % 2 === 0) h.clock.advance(1);
        await expectNoContent(await put(h, id, reader.token));
        expected.push(id);
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=10${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await saved(h, reader.token, query);
        sizes.push(page.items.length);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(sizes, [10, 10, 5]);
      assert.equal(new Set(seen).size, 25, "no duplicates");
      assert.deepEqual([...seen].sort(), [...expected].sort(), "no gaps");
      assert.deepEqual(seen, await savedIds(h, reader.token), "pages follow the list order");
      await h.deps.database.db.delete(saves);
    });

    await t.step("pages rows saved within one millisecond (microsecond timestamps)", async () => {
      // Five saves one microsecond apart, inside one millisecond: a millisecond cursor would
      // round them together and stop after the first page.
      const base = "2026-03-01T12:00:00.000Z";
      const expected: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await insertPitch(h, owner);
        const createdAt = sql`${base}::timestamptz + ${i} * interval '1 microsecond'`;
        await h.deps.database.db.insert(saves).values({
          userId: reader.id,
          pitchId: id,
          createdAt,
        });
        expected.push(id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await saved(h, reader.token, query);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, [...expected].reverse());
      await h.deps.database.db.delete(saves).where(eq(saves.userId, reader.id));
    });

    await t.step("a cursor it did not issue is 400; a bad limit is 422", async () => {
      const problem = await assertProblem(
        await h.app.request("/v1/me/saved?cursor=bm90LWEtY3Vyc29y", bearer(reader.token)),
        400,
        "bad-request",
      );
      assert.equal(problem.detail, 'Cursor "bm90LWEtY3Vyc29y" is not one this API issued');
      for (const limit of ["0", "101", "x"]) {
        await assertProblem(
          await h.app.request(`/v1/me/saved?limit=${limit}`, bearer(reader.token)),
          422,
          "validation-failed",
        );
      }
    });
  } finally {
    await h.close();
  }
});
