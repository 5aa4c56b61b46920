import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../src/db/raw_rows.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch, PITCH_FIELDS } from "../support/pitches.ts";

interface PitchBody {
  id: string;
  version: number;
  moderation?: { hidden: boolean; reason: string; hiddenAt: string };
}

type Page = { items: PitchBody[]; nextCursor: string | null };

/** The ids `path` lists, as `token`'s holder (anonymous without one). */
async function listedIds(h: Harness, path: string, token?: string): Promise<string[]> {
  const page = await expectJson<Page>(
    await h.app.request(path, token ? bearer(token) : undefined),
    200,
  );
  return page.items.map((p) => p.id);
}

/** The ids `pitch_search_sample` finds for `word`: the search path past the recent window. */
async function sampledIds(h: Harness, word: string): Promise<string[]> {
  const result = await h.deps.db.execute(
    sql`select pitch_search_sample(websearch_to_tsquery('english', ${word}), null, null, null, null, 100) as id`,
  );
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

const moderate = (h: Harness, admin: TestUser, id: string, verb: string, body?: unknown) =>
  h.app.request(`/v1/admin/pitches/${id}/${verb}`, jsonRequest("POST", body, admin.token));

Deno.test("an admin hides a pitch from everyone but its owner, who sees why", async (t) => {
  const h = await createHarness();
  try {
    const admin = await signUpUser(h, { role: "admin" });
    const owner = await signUpUser(h, { role: "creator" });
    const fan = await signUpUser(h, { role: "investor" });
    const word = `zanzibar${crypto.randomUUID().slice(0, 6).replace(/[^a-z]/g, "q")}`;
    const pitch = await createPitch(h, owner.token, { title: `The ${word} affair` });
    const neighbour = await createPitch(h, owner.token, { title: `Not ${word} at all` });
    const follow = await h.app.request(
      `/v1/users/${owner.id}/follow`,
      jsonRequest("PUT", undefined, fan.token),
    );
    assert.equal(follow.status, 204, await follow.text());
    const save = await h.app.request(
      `/v1/pitches/${pitch.id}/save`,
      jsonRequest("PUT", undefined, fan.token),
    );
    assert.equal(save.status, 204, await save.text());

    const lists = (): Array<[string, string, string | undefined]> => [
      ["the anonymous list", "/v1/pitches?limit=100", undefined],
      ["the owner's public list", `/v1/pitches?ownerId=${owner.id}&limit=100`, undefined],
      ["search", `/v1/pitches?q=${word}&limit=100`, undefined],
      ["a follower's feed", "/v1/me/feed?limit=100", fan.token],
      ["a saver's saved list", "/v1/me/saved?limit=100", fan.token],
    ];

    await t.step("before: it is everywhere, and every cache is warm", async () => {
      await expectJson(await h.app.request(`/v1/pitches/${pitch.id}`), 200);
      await expectJson(await h.app.request(`/v1/pitches/${pitch.id}`, bearer(fan.token)), 200);
      const own = await expectJson<PitchBody>(
        await h.app.request(`/v1/pitches/${pitch.id}`, bearer(owner.token)),
        200,
      );
      assert.deepEqual(Object.keys(own).sort(), PITCH_FIELDS, "no moderation member");
      for (const [name, path, token] of lists()) {
        assert.ok((await listedIds(h, path, token)).includes(pitch.id), name);
      }
      assert.ok((await sampledIds(h, word)).includes(pitch.id));
    });

    let hiddenVersion = 0;
    await t.step(
      "POST /v1/admin/pitches/:id/hide answers the pitch with its moderation",
      async () => {
        const body = await expectJson<PitchBody>(
          await moderate(h, admin, pitch.id, "hide", { reason: "Copyright claim" }),
          200,
        );
        assert.deepEqual(body.moderation, {
          hidden: true,
          reason: "Copyright claim",
          hiddenAt: new Date(h.clock.now()).toISOString(),
        });
        assert.equal(body.version, pitch.version + 1, "owners' ETags change");
        hiddenVersion = body.version;
      },
    );

    await t.step("after: gone for everyone else at once, through the warm caches", async () => {
      await assertProblem(await h.app.request(`/v1/pitches/${pitch.id}`), 404, "not-found");
      await assertProblem(
        await h.app.request(`/v1/pitches/${pitch.id}`, bearer(fan.token)),
        404,
        "not-found",
      );
      for (const [name, path, token] of lists()) {
        const ids = await listedIds(h, path, token);
        assert.ok(!ids.includes(pitch.id), name);
        if (!path.includes("saved")) assert.ok(ids.includes(neighbour.id), `${name} still lists`);
      }
      assert.deepEqual(await sampledIds(h, word), [neighbour.id]);
      const resave = await h.app.request(
        `/v1/pitches/${pitch.id}/save`,
        jsonRequest("PUT", undefined, fan.token),
      );
      await assertProblem(resave, 404, "not-found");
    });

    await t.step("the owner still reads it, with the reason", async () => {
      const response = await h.app.request(`/v1/pitches/${pitch.id}`, bearer(owner.token));
      const own = await expectJson<PitchBody>(response, 200);
      assert.equal(own.version, hiddenVersion);
      assert.equal(own.moderation?.hidden, true);
      assert.equal(own.moderation?.reason, "Copyright claim");
      const mine = await expectJson<Page>(
        await h.app.request("/v1/me/pitches?limit=100", bearer(owner.token)),
        200,
      );
      const listedMine = mine.items.find((p) => p.id === pitch.id);
      assert.equal(listedMine?.moderation?.reason, "Copyright claim", JSON.stringify(mine));
    });

    await t.step("the owner's own edits leave it hidden", async () => {
      const edited = await h.app.request(
        `/v1/pitches/${pitch.id}`,
        jsonRequest("PATCH", { title: `The ${word} affair, revised` }, owner.token),
      );
      assert.equal((await expectJson<PitchBody>(edited, 200)).moderation?.hidden, true);
      await assertProblem(await h.app.request(`/v1/pitches/${pitch.id}`), 404, "not-found");
    });

    await t.step("hiding again is 409; unknown or deleted pitches 404; bad input 422", async () => {
      await assertProblem(
        await moderate(h, admin, pitch.id, "hide", { reason: "Again" }),
        409,
        "conflict",
      );
      await assertProblem(
        await moderate(h, admin, neighbour.id, "unhide"),
        409,
        "conflict",
      );
      await assertProblem(
        await moderate(h, admin, "pit_nothing", "hide", { reason: "x" }),
        404,
        "not-found",
      );
      const gone = await createPitch(h, owner.token);
      const deleted = await h.app.request(
        `/v1/pitches/${gone.id}`,
        jsonRequest("DELETE", undefined, owner.token),
      );
      assert.equal(deleted.status, 204, await deleted.text());
      await assertProblem(
        await moderate(h, admin, gone.id, "hide", { reason: "x" }),
        404,
        "not-found",
      );
      for (const body of [undefined, {}, { reason: "" }, { reason: "ok", extra: 1 }]) {
        await assertProblem(
          await moderate(h, admin, neighbour.id, "hide", body),
          422,
          "validation-failed",
        );
      }
    });

    await t.step("unhiding puts it back everywhere, without a moderation member", async () => {
      const body = await expectJson<PitchBody>(await moderate(h, admin, pitch.id, "unhide"), 200);
      assert.equal(body.moderation, undefined);
      const read = await expectJson<PitchBody>(await h.app.request(`/v1/pitches/${pitch.id}`), 200);
      assert.equal(read.moderation, undefined);
      for (const [name, path, token] of lists()) {
        // The fan's save was kept while the pitch was hidden, so it comes back too.
        assert.ok((await listedIds(h, path, token)).includes(pitch.id), name);
      }
      await assertProblem(await moderate(h, admin, pitch.id, "unhide"), 409, "conflict");
    });
  } finally {
    await h.close();
  }
});
