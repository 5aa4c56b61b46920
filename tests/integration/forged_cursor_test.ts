import assert from "node:assert/strict";
import { bearer, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";
import { encodeCursor } from "../../src/lib/cursor.ts";
import { sha256Hex } from "../../src/lib/secure_tokens.ts";
import { stableJson } from "../../src/lib/stable_json.ts";

/** Cursors a client could make up: the old unsigned format with values Postgres rejects. */
const everyList = sha256Hex(`new\n${stableJson({})}`).slice(0, 16);
const trendingList = sha256Hex(`trending\n${stableJson({})}`).slice(0, 16);
const FORGERIES = [
  // The old format with a fingerprint anyone can compute, and values Postgres rejects.
  encodeCursor(["new", everyList, "9999999999999999999", "pit_x"]),
  encodeCursor(["trending", trendingList, "1e999", "pit_x"]),
  encodeCursor(["9999999999999999999", "pit_x"]),
  encodeCursor(["new", "0000000000000000", "9999999999999999999", "pit_x"]),
  encodeCursor(["trending", "0000000000000000", "1e999", "pit_x"]),
  `${encodeCursor(["1e999", "pit_x"])}.AAAA`,
  "not a cursor at all",
  ".",
];

Deno.test("a cursor the API did not issue is a 400 on every paged list", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h);
    const admin = await signUpUser(h, { role: "admin" });
    await putSubscription(h, creator.id, { plan: "studio", status: "active" });
    for (let i = 0; i < 3; i++) {
      const pitch = await createPitch(h, creator.token);
      await h.app.request(`/v1/pitches/${pitch.id}/save`, {
        method: "PUT",
        ...bearer(creator.token),
      });
    }
    const other = await signUpUser(h);
    for (const followee of [admin, other]) {
      await h.app.request(`/v1/users/${followee.id}/follow`, {
        method: "PUT",
        ...bearer(creator.token),
      });
    }
    await h.app.request(`/v1/users/${creator.id}/follow`, {
      method: "PUT",
      ...bearer(admin.token),
    });

    const lists: Array<[string, string]> = [
      ["/v1/pitches?limit=1", admin.token],
      ["/v1/pitches?sort=trending&limit=1", admin.token],
      ["/v1/pitches?q=pitch&limit=1", admin.token],
      ["/v1/me/feed?limit=1", admin.token],
      ["/v1/me/saved?limit=1", creator.token],
      ["/v1/me/pitches?limit=1", creator.token],
      ["/v1/me/following?limit=1", creator.token],
      ["/v1/admin/users?limit=1", admin.token],
    ];
    for (const [path, token] of lists) {
      await t.step(`${path} refuses forged cursors and follows its own`, async () => {
        const first = await expectJson<{ nextCursor: string | null }>(
          await h.app.request(path, bearer(token)),
          200,
        );
        assert.ok(first.nextCursor, `${path} has a second page`);
        await expectJson(
          await h.app.request(
            `${path}&cursor=${encodeURIComponent(first.nextCursor)}`,
            bearer(token),
          ),
          200,
        );
        const tampered = `${first.nextCursor.slice(0, -2)}${
          first.nextCursor.endsWith("A") ? "B" : "A"
        }A`;
        for (const cursor of [...FORGERIES, tampered]) {
          const response = await h.app.request(
            `${path}&cursor=${encodeURIComponent(cursor)}`,
            bearer(token),
          );
          assert.notEqual(response.status, 500, `${path} with "${cursor}"`);
          await assertProblem(
            response,
            response.status === 422 ? 422 : 400,
            response.status === 422 ? "validation-failed" : "bad-request",
          );
        }
      });
    }
  } finally {
    await h.close();
  }
});
