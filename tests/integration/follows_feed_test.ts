import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { follows } from "../../src/db/tables/engagement.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import type { PitchView } from "../../src/services/pitches/pitch_view.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson, expectNoContent } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { insertPitch, setPitch } from "../support/pitch_rows.ts";

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Profile {
  id: string;
  name: string;
  role: string;
  bio: string | null;
  avatarUrl: string | null;
  createdAt: string;
}

function follow(h: Harness, userId: string, token?: string) {
  return h.app.request(`/v1/users/${userId}/follow`, jsonRequest("PUT", undefined, token));
}

function unfollow(h: Harness, userId: string, token?: string) {
  return h.app.request(`/v1/users/${userId}/follow`, jsonRequest("DELETE", undefined, token));
}

async function getPage<T>(h: Harness, path: string, token: string): Promise<Page<T>> {
  const response = await h.app.request(path, bearer(token));
  const page = await expectJson<Page<T>>(response, 200);
  assert.equal(response.headers.get("cache-control"), "private, no-store", path);
  return page;
}

/** Every page of a list, in order, with the page sizes. */
async function allPages<T extends { id: string }>(
  h: Harness,
  path: string,
  token: string,
  limit: number,
): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const page: Page<T> = await getPage<T>(h, `${path}${query}`, token);
    sizes.push(page.items.length);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { ids, sizes };
}

async function feedIds(h: Harness, token: string): Promise<string[]> {
  return (await getPage<PitchView>(h, "/v1/me/feed?limit=100", token)).items.map((p) => p.id);
}

Deno.test("PUT and DELETE /v1/users/{id}/follow, GET /v1/me/following", async (t) => {
  const h = await createHarness();
  try {
    const fan = await signUpUser(h, { role: "investor" });
    const creator = await signUpUser(h, { role: "creator" });

    await t.step("anonymous callers get 401 on every route", async () => {
      await assertProblem(await follow(h, creator.id), 401, "unauthorized");
      await assertProblem(await unfollow(h, creator.id), 401, "unauthorized");
      await assertProblem(await h.app.request("/v1/me/following"), 401, "unauthorized");
      await assertProblem(await h.app.request("/v1/me/feed"), 401, "unauthorized");
    });

    await t.step("an unknown user is 404 for PUT and DELETE", async () => {
      const problem = await assertProblem(
        await follow(h, "usr_missing", fan.token),
        404,
        "not-found",
      );
      assert.equal(problem.detail, 'User "usr_missing" not found');
      await assertProblem(await unfollow(h, "usr_missing", fan.token), 404, "not-found");
    });

    await t.step("following yourself is a 400 bad-request problem", async () => {
      const problem = await assertProblem(await follow(h, fan.id, fan.token), 400, "bad-request");
      assert.equal(problem.detail, `User "${fan.id}" cannot follow themselves`);
    });

    await t.step("PUT twice follows once; DELETE twice unfollows once", async () => {
      const rows = () =>
        h.deps.database.db.select().from(follows)
          .where(and(eq(follows.followerId, fan.id), eq(follows.followeeId, creator.id)));
      await expectNoContent(await follow(h, creator.id, fan.token));
      const [first] = await rows();
      h.clock.advance(1_000);
      await expectNoContent(await follow(h, creator.id, fan.token));
      assert.deepEqual(await rows(), [first!], "a second PUT changes nothing, not even the time");
      await expectNoContent(await unfollow(h, creator.id, fan.token));
      assert.deepEqual(await rows(), []);
      await expectNoContent(await unfollow(h, creator.id, fan.token));
      assert.deepEqual(await rows(), []);
    });

    await t.step("10 concurrent PUTs follow once", async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => follow(h, creator.id, fan.token)),
      );
      for (const response of responses) await expectNoContent(response);
      const rows = await h.deps.database.db.select().from(follows)
        .where(eq(follows.followerId, fan.id));
      assert.equal(rows.length, 1);
      await expectNoContent(await unfollow(h, creator.id, fan.token));
    });

    await t.step("lists followed users, most recently followed first, in pages", async () => {
      const followees: TestUser[] = [];
      for (let i = 0; i < 5; i++) followees.push(await signUpUser(h, { role: "creator" }));
      for (const [i, user] of followees.entries()) {
        // Two pairs share a timestamp, so the followee id must break ties.
        if (i !== 1 && i !== 3) h.clock.advance(1_000);
        await expectNoContent(await follow(h, user.id, fan.token));
      }
      const first = await getPage<Profile>(h, "/v1/me/following", fan.token);
      assert.equal(first.items.length, 5);
      assert.equal(first.nextCursor, null);
      assert.deepEqual(
        Object.keys(first.items[0]!).sort(),
        ["avatarUrl", "bio", "createdAt", "id", "name", "role"],
        `public profiles only, never the email: ${JSON.stringify(first)}`,
      );
      const ids = first.items.map((p) => p.id);
      assert.equal(ids[0], followees[4]!.id, "the latest follow comes first");
      assert.deepEqual(new Set(ids.slice(1, 3)), new Set([followees[2]!.id, followees[3]!.id]));
      assert.deepEqual(new Set(ids.slice(3)), new Set([followees[0]!.id, followees[1]!.id]));

      const paged = await allPages<Profile>(h, "/v1/me/following", fan.token, 2);
      assert.deepEqual(paged.sizes, [2, 2, 1]);
      assert.deepEqual(paged.ids, ids, "pages repeat and skip nothing");

      await expectNoContent(await unfollow(h, followees[2]!.id, fan.token));
      const after = await getPage<Profile>(h, "/v1/me/following", fan.token);
      assert.deepEqual(after.items.map((p) => p.id), ids.filter((id) => id !== followees[2]!.id));
    });

    await t.step("a cursor it did not issue is 400; a bad limit is 422", async () => {
      for (const path of ["/v1/me/following", "/v1/me/feed"]) {
        await assertProblem(
          await h.app.request(`${path}?cursor=bm9wZQ`, bearer(fan.token)),
          400,
          "bad-request",
        );
        await assertProblem(
          await h.app.request(`${path}?limit=101`, bearer(fan.token)),
          422,
          "validation-failed",
        );
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/me/feed", async (t) => {
  const h = await createHarness();
  try {
    const fan = await signUpUser(h, { role: "investor" });
    const alice = await signUpUser(h, { role: "creator" });
    const bob = await signUpUser(h, { role: "creator" });
    const carol = await signUpUser(h, { role: "creator" });

    await t.step("is empty when the caller follows nobody", async () => {
      await insertPitch(h, alice);
      const page = await getPage<PitchView>(h, "/v1/me/feed", fan.token);
      assert.deepEqual(page, { items: [], nextCursor: null });
      await h.deps.database.db.delete(pitches);
    });

    const listed: string[] = [];
    await t.step("lists only listed pitches of followed creators, newest first", async () => {
      await expectNoContent(await follow(h, alice.id, fan.token));
      await expectNoContent(await follow(h, bob.id, fan.token));
      for (const owner of [alice, bob, alice, carol, bob]) {
        h.clock.advance(1_000);
        const id = await insertPitch(h, owner);
        if (owner !== carol) listed.unshift(id);
      }
      for (const owner of [alice, bob]) {
        h.clock.advance(1_000);
        await insertPitch(h, owner, { visibility: "unlisted" });
        await insertPitch(h, owner, { visibility: "private" });
        await insertPitch(h, owner, { status: "draft" });
        await insertPitch(h, owner, { status: "archived" });
        await insertPitch(h, owner, { deleted: true });
      }
      const page = await getPage<PitchView>(h, "/v1/me/feed", fan.token);
      assert.deepEqual(page.items.map((p) => p.id), listed, JSON.stringify(page));
      assert.equal(page.nextCursor, null);
      for (const pitch of page.items) {
        assert.equal(pitch.status, "published");
        assert.equal(pitch.visibility, "public");
      }
    });

    await t.step("drops a pitch its owner hides, archives or deletes", async () => {
      const [newest, second, third] = listed;
      await setPitch(h, newest!, { visibility: "private" });
      await setPitch(h, second!, { status: "archived" });
      await setPitch(h, third!, { deletedAt: new Date(h.clock.now()) });
      assert.deepEqual(await feedIds(h, fan.token), listed.slice(3));
      await setPitch(h, newest!, { visibility: "public" });
      await setPitch(h, second!, { status: "published" });
      await setPitch(h, third!, { deletedAt: null });
      assert.deepEqual(await feedIds(h, fan.token), listed);
    });

    await t.step("drops a creator's pitches after unfollowing them", async () => {
      await expectNoContent(await unfollow(h, bob.id, fan.token));
      const bobs = new Set(
        (await h.deps.database.db.select({ id: pitches.id }).from(pitches)
          .where(eq(pitches.ownerId, bob.id))).map((r) => r.id),
      );
      assert.deepEqual(await feedIds(h, fan.token), listed.filter((id) => !bobs.has(id)));
      await expectNoContent(await follow(h, bob.id, fan.token));
      assert.deepEqual(await feedIds(h, fan.token), listed);
    });

    await t.step("pages repeat and skip nothing while a followed creator publishes", async () => {
      for (let i = 0; i < 8; i++) {
        // Some pitches share a publication time, so the id must break ties.
        if (i % 3 !== 0) h.clock.advance(1_000);
        listed.unshift(await insertPitch(h, i % 2 === 0 ? alice : bob));
      }
      // Ties sort by id in the database's collation: take that order from the unpaged feed.
      const ordered = await feedIds(h, fan.token);
      assert.equal(ordered.length, 12);
      assert.deepEqual([...ordered].sort(), [...listed].sort());

      const seen: string[] = [];
      const first = await getPage<PitchView>(h, "/v1/me/feed?limit=5", fan.token);
      seen.push(...first.items.map((p) => p.id));
      h.clock.advance(1_000);
      const fresh = await insertPitch(h, alice);
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await getPage<PitchView>(h, `/v1/me/feed?limit=5&cursor=${cursor}`, fan.token);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      }
      assert.deepEqual(
        seen,
        ordered,
        "every pitch once, in order; the new one is not in later pages",
      );
      assert.equal((await feedIds(h, fan.token))[0], fresh, "a fresh first page starts with it");
    });
  } finally {
    await h.close();
  }
});
