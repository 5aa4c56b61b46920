import assert from "node:assert/strict";
import { UNSTORABLE_TEXT_DETAIL } from "../../src/lib/storable_text.ts";
import { bearer, jsonRequest, randomUser, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch, randomPitch } from "../support/pitches.ts";

/**
 * Text Postgres cannot store as sent. NUL reached queries through bodies, query strings and path
 * ids and came back as 500s (found by the fuzz suite); an unpaired surrogate was stored as U+FFFD.
 * Both are now a 422 naming the field, whichever part of the request carries them.
 */
Deno.test("text with NUL or unpaired surrogates is a 422, never a 500", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h);
    const pitch = await createPitch(h, creator.token);

    await t.step("POST /v1/pitches refuses a NUL in a field and in a tag", async () => {
      const body = randomPitch({ title: "Night\u0000Shift", tags: ["ok", "bad\u0000tag"] });
      const response = await h.app.request("/v1/pitches", jsonRequest("POST", body, creator.token));
      const problem = await assertProblem(response, 422, "validation-failed");
      const errors = problem.errors as Array<{ pointer: string; detail: string }>;
      assert.deepEqual(
        errors.toSorted((a, b) => a.pointer.localeCompare(b.pointer)),
        [
          { pointer: "/tags/1", detail: UNSTORABLE_TEXT_DETAIL },
          { pointer: "/title", detail: UNSTORABLE_TEXT_DETAIL },
        ],
        JSON.stringify(problem),
      );
      const mine = await expectJson<{ items: unknown[] }>(
        await h.app.request("/v1/me/pitches", bearer(creator.token)),
        200,
      );
      assert.equal(mine.items.length, 1, JSON.stringify(mine));
    });

    await t.step(
      "PATCH /v1/me refuses an unpaired surrogate instead of storing U+FFFD",
      async () => {
        const response = await h.app.request(
          "/v1/me",
          jsonRequest("PATCH", { bio: "half an emoji \ud83c" }, creator.token),
        );
        const problem = await assertProblem(response, 422, "validation-failed");
        assert.deepEqual(problem.errors, [{ pointer: "/bio", detail: UNSTORABLE_TEXT_DETAIL }]);
        const me = await expectJson<{ bio: string | null }>(
          await h.app.request("/v1/me", bearer(creator.token)),
          200,
        );
        assert.notEqual(me.bio, "half an emoji \ufffd", JSON.stringify(me));
      },
    );

    await t.step("POST /v1/auth/signup refuses a NUL in the name", async () => {
      const response = await h.app.request(
        "/v1/auth/signup",
        jsonRequest("POST", randomUser({ name: "Ann\u0000" })),
      );
      const problem = await assertProblem(response, 422, "validation-failed");
      assert.deepEqual(problem.errors, [{ pointer: "/name", detail: UNSTORABLE_TEXT_DETAIL }]);
    });

    await t.step("a NUL in a path id is a 422 on the path parameter", async () => {
      const paths = [
        `/v1/pitches/${pitch.id}%00`,
        "/v1/users/%00",
        `/v1/pitches/a%00b/analytics`,
      ];
      for (const path of paths) {
        const response = await h.app.request(path, bearer(creator.token));
        const problem = await assertProblem(response, 422, "validation-failed");
        assert.deepEqual(
          problem.errors,
          [{ parameter: "id", in: "path", detail: UNSTORABLE_TEXT_DETAIL }],
          `${path}: ${JSON.stringify(problem)}`,
        );
      }
      const del = await h.app.request(
        `/v1/me/api-keys/key_x%00`,
        jsonRequest("DELETE", undefined, creator.token),
      );
      await assertProblem(del, 422, "validation-failed");
    });

    await t.step("a NUL in a query parameter of GET /v1/pitches is a 422 naming it", async () => {
      for (const name of ["q", "tag", "ownerId"]) {
        const response = await h.app.request(`/v1/pitches?${name}=a%00b`);
        const problem = await assertProblem(response, 422, "validation-failed");
        assert.deepEqual(
          problem.errors,
          [{ parameter: name, in: "query", detail: UNSTORABLE_TEXT_DETAIL }],
          JSON.stringify(problem),
        );
      }
    });

    await t.step("well-formed text outside the BMP is stored as sent", async () => {
      const title = "🎬 Ünïcode 👩‍👩‍👧";
      const created = await h.app.request(
        "/v1/pitches",
        jsonRequest("POST", randomPitch({ title }), creator.token),
      );
      const body = await expectJson<{ title: string }>(created, 201);
      assert.equal(body.title, title);
    });
  } finally {
    await h.close();
  }
});
