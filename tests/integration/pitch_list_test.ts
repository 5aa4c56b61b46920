import { putSubscription } from "../support/subscriptions.ts";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { encodeCursor } from "../../src/lib/cursor.ts";
import { newId } from "../../src/lib/ids.ts";
import { invalidatePitch } from "../../src/services/pitches/pitch_cache.ts";
import { jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";

interface Page {
  items: Array<{ id: string; title: string; status: string; publishedAt: string | null }>;
  nextCursor: string | null;
}

type NewPitchRow = typeof pitches.$inferInsert;

// Rows inserted directly are published well before the harness clock, so pitches published
// through the API during a test are always the newest.
const LONG_AGO = Date.UTC(2025, 0, 1);
let sequence = 0;

/** Inserts a listed pitch row directly: for states, times and scores the API does not set. */
async function insertPitch(
  h: Harness,
  ownerId: string,
  fields: Partial<NewPitchRow> = {},
): Promise<string> {
  sequence += 1;
  const at = new Date(LONG_AGO + sequence * 60_000);
  const row: NewPitchRow = {
    id: newId("pit"),
    ownerId,
    title: `Quiet pitch ${sequence}`,
    logline: `An ordinary logline ${sequence}`,
    genre: "drama",
    format: "feature",
    status: "published",
    visibility: "public",
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
  await h.deps.database.db.insert(pitches).values(row);
  return row.id;
}

function get(h: Harness, path: string, token?: string, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return h.app.request(path, { headers: { ...auth, ...headers } });
}

async function page(h: Harness, path: string, token?: string): Promise<Page> {
  return await expectJson<Page>(await get(h, path, token), 200);
}

const ids = (p: Page) => p.items.map((item) => item.id);

/** Follows `nextCursor` from `path` to the end; returns every page. */
async function allPages(h: Harness, path: string, token?: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const current: Page = await page(h, cursor ? `${path}${sep}cursor=${cursor}` : path, token);
    pages.push(current);
    cursor = current.nextCursor;
    assert.ok(pages.length < 50, "pagination ends");
  } while (cursor);
  return pages;
}

Deno.test("GET /v1/pitches lists published public pitches only, for every caller", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h);
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h);
    const post = async (path: string, method = "POST") => {
      const response = await h.app.request(path, jsonRequest(method, undefined, owner.token));
      assert.ok(response.ok, `${method} ${path}: ${await response.text()}`);
    };
    const listed = await createPitch(h, owner.token, { title: "The zeppelin listed" });
    await createPitch(h, owner.token, { title: "The zeppelin draft" }, { publish: false });
    await createPitch(h, owner.token, { title: "The zeppelin private", visibility: "private" });
    await createPitch(h, owner.token, { title: "The zeppelin unlisted", visibility: "unlisted" });
    const archived = await createPitch(h, owner.token, { title: "The zeppelin archived" });
    await post(`/v1/pitches/${archived.id}/archive`);
    const deleted = await createPitch(h, owner.token, { title: "The zeppelin deleted" });
    await post(`/v1/pitches/${deleted.id}`, "DELETE");

    const callers: Array<[string, string | undefined]> = [
      ["an anonymous caller", undefined],
      ["the owner", owner.token],
      ["another user", other.token],
    ];
    for (const [who, token] of callers) {
      await t.step(`${who} sees only the listed pitch in lists, search and filters`, async () => {
        const queries = ["", "?q=zeppelin", "?q=zeppelin&sort=new", "?sort=trending"];
        for (const query of [...queries, `?ownerId=${owner.id}`, "?tag=indie"]) {
          assert.deepEqual(ids(await page(h, `/v1/pitches${query}`, token)), [listed.id], query);
        }
      });
    }

    await t.step("GET /v1/pitches/{id} is still the single-pitch read", async () => {
      const one = await expectJson<{ id: string }>(await get(h, `/v1/pitches/${listed.id}`), 200);
      assert.equal(one.id, listed.id);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches filters, searches and sorts", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h);
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h);
    const horror = await insertPitch(h, owner.id, {
      genre: "horror",
      format: "series",
      tags: ["film noir", "indie"],
    });
    const comedy = await insertPitch(h, other.id, {
      genre: "comedy",
      format: "short",
      tags: ["indie"],
    });
    const drama = await insertPitch(h, other.id);
    const inTitle = await insertPitch(h, other.id, { title: "Zeppelin over Lisbon" });
    const inLogline = await insertPitch(h, other.id, { logline: "A zeppelin crosses the sea" });
    const inSynopsis = await insertPitch(h, other.id, { synopsis: "Then a zeppelin appears." });
    const byScore: Array<[string, number]> = [[comedy, 50], [horror, 30], [drama, 20]];
    for (const [id, score] of byScore) {
      await h.deps.database.db.update(pitches).set({ trendingScore: score }).where(
        eq(pitches.id, id),
      );
    }

    await t.step("genre, format, tag (normalised) and owner filters", async () => {
      const cases: Array<[string, string[]]> = [
        ["genre=horror", [horror]],
        ["format=short", [comedy]],
        ["tag=indie", [comedy, horror]],
        ["tag=%20Film%20%20NOIR%20", [horror]],
        [`ownerId=${owner.id}`, [horror]],
        ["genre=comedy&tag=film%20noir", []],
      ];
      for (const [query, expected] of cases) {
        assert.deepEqual(ids(await page(h, `/v1/pitches?${query}`)), expected, query);
      }
    });

    await t.step("sort=new (the default) is newest published first", async () => {
      const newest = [inSynopsis, inLogline, inTitle, drama, comedy, horror];
      assert.deepEqual(ids(await page(h, "/v1/pitches")), newest);
      assert.deepEqual(ids(await page(h, "/v1/pitches?sort=new", owner.token)), newest);
    });

    await t.step(
      "search ranks a title match over a logline match over a synopsis match",
      async () => {
        const ranked = [inTitle, inLogline, inSynopsis];
        assert.deepEqual(ids(await page(h, "/v1/pitches?q=zeppelin")), ranked);
        assert.deepEqual(ids(await page(h, "/v1/pitches?q=Zeppelins&sort=relevance")), ranked);
        assert.deepEqual(
          ids(await page(h, "/v1/pitches?q=zeppelin&sort=new")),
          [...ranked].reverse(),
        );
        const excluding = encodeURIComponent('"zeppelin" -lisbon');
        assert.deepEqual(ids(await page(h, `/v1/pitches?q=${excluding}`)), [inLogline, inSynopsis]);
      },
    );

    await t.step("sort=trending orders by trending score", async () => {
      const top = ids(await page(h, "/v1/pitches?sort=trending&limit=3"));
      assert.deepEqual(top, [comedy, horror, drama]);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches pages with a keyset cursor", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h);
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const inserted: string[] = [];
    for (let i = 0; i < 25; i++) {
      // Three pitches per timestamp, so the id tie-break of the keyset is exercised too.
      const publishedAt = new Date(LONG_AGO + Math.floor(i / 3) * 60_000);
      inserted.push(await insertPitch(h, owner.id, { publishedAt }));
    }

    await t.step("25 pitches in pages of 10: 10, 10, 5, each once, then null", async () => {
      const pages = await allPages(h, "/v1/pitches?limit=10");
      assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 5]);
      assert.equal(pages.at(-1)!.nextCursor, null);
      const seen = pages.flatMap(ids);
      assert.equal(new Set(seen).size, 25, "no duplicates");
      assert.deepEqual([...seen].sort(), [...inserted].sort(), "no gaps");
      const times = pages.flatMap((p) => p.items.map((item) => Date.parse(item.publishedAt!)));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");
    });

    await t.step(
      "trending and relevance pages (all keys tied) cover every pitch once",
      async () => {
        for (const query of ["sort=trending", "q=quiet", "q=quiet&sort=trending"]) {
          const seen = (await allPages(h, `/v1/pitches?limit=10&${query}`)).flatMap(ids);
          assert.deepEqual([...seen].sort(), [...inserted].sort(), query);
        }
      },
    );

    for (const [who, token] of [["anonymous", undefined], ["signed-in", owner.token]] as const) {
      await t.step(`${who}: pitches published between fetches cause no repeat or gap`, async () => {
        const before = (await allPages(h, "/v1/pitches?limit=100", token)).flatMap(ids);
        const first = await page(h, "/v1/pitches?limit=10", token);
        const seen = ids(first);
        let cursor = first.nextCursor;
        while (cursor) {
          h.clock.advance(1_000);
          await createPitch(h, owner.token);
          const next = await page(h, `/v1/pitches?limit=10&cursor=${cursor}`, token);
          seen.push(...ids(next));
          cursor = next.nextCursor;
        }
        assert.deepEqual(seen, before, "the pages are the list as it was at the first fetch");
        const fresh = ids(await page(h, "/v1/pitches?limit=100", token));
        assert.equal(fresh.length, before.length + 2, "the new pitches lead a fresh first page");
        assert.deepEqual(fresh.slice(2), before);
      });
    }

    await t.step("a cursor is refused (400) outside the query it came from", async () => {
      const trending = await page(h, "/v1/pitches?sort=trending&limit=1");
      const search = await page(h, "/v1/pitches?q=quiet&limit=1");
      const mine = await page(h, "/v1/me/pitches?limit=1", owner.token);
      const refused = [
        "/v1/pitches?cursor=bm90LW91cnM",
        `/v1/pitches?cursor=${encodeCursor(["new", "0000000000000000", "1", "pit_x"])}`,
        `/v1/pitches?cursor=${encodeCursor(["new", "0", "not a time", "pit_x"])}`,
        `/v1/pitches?sort=new&cursor=${trending.nextCursor}`,
        `/v1/pitches?q=other&cursor=${search.nextCursor}`,
        `/v1/pitches?cursor=${mine.nextCursor}`,
      ];
      for (const path of refused) await assertProblem(await get(h, path), 400, "bad-request");
    });

    await t.step("invalid queries are 422 problems", async () => {
      const invalid = [
        "limit=0",
        "limit=101",
        "limit=ten",
        "colour=red",
        "sort=relevance",
        "sort=popular",
        "q=",
        "q=" + "a".repeat(201),
        "genre=western",
      ];
      for (const query of invalid) {
        await assertProblem(await get(h, `/v1/pitches?${query}`), 422, "validation-failed");
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches caches anonymous pages and revalidates with ETags", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h);
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const first = await createPitch(h, owner.token, { title: "First light" });
    let etag = "";

    await t.step("anonymous pages are public and carry a strong ETag; a match is 304", async () => {
      const response = await get(h, "/v1/pitches");
      assert.deepEqual(ids(await expectJson<Page>(response, 200)), [first.id]);
      assert.equal(
        response.headers.get("cache-control"),
        "public, max-age=15, stale-while-revalidate=60",
      );
      etag = response.headers.get("etag") ?? "";
      assert.match(etag, /^"[0-9a-f]{32}"$/);
      for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const again = await get(h, "/v1/pitches", undefined, { "if-none-match": condition });
        assert.equal(again.status, 304, condition);
        assert.equal(await again.text(), "");
        assert.equal(again.headers.get("etag"), etag);
      }
      const other = await get(h, "/v1/pitches", undefined, { "if-none-match": '"other"' });
      assert.equal(other.status, 200, await other.text());
    });

    await t.step("signed-in pages are private, same body and tag", async () => {
      const response = await get(h, "/v1/pitches", owner.token, { "if-none-match": etag });
      assert.equal(response.status, 304);
      assert.equal(response.headers.get("cache-control"), "private, max-age=0");
    });

    await t.step("a write that skips invalidation is invisible to the shared cache", async () => {
      const sneaky = await insertPitch(h, owner.id, { publishedAt: new Date(Date.now() + 60_000) });
      assert.deepEqual(ids(await page(h, "/v1/pitches")), [first.id], "served from the cache");
      assert.deepEqual(ids(await page(h, "/v1/pitches", owner.token)), [sneaky, first.id]);
      await invalidatePitch(h.deps, sneaky);
      assert.deepEqual(ids(await page(h, "/v1/pitches")), [sneaky, first.id]);
      await h.deps.database.db.delete(pitches).where(eq(pitches.id, sneaky));
      await invalidatePitch(h.deps, sneaky);
    });

    await t.step("publish, edit and archive show in the next anonymous page at once", async () => {
      h.clock.advance(1_000);
      const second = await createPitch(h, owner.token, { title: "Second wind" });
      const afterPublish = await get(h, "/v1/pitches", undefined, { "if-none-match": etag });
      assert.deepEqual(ids(await expectJson<Page>(afterPublish, 200)), [second.id, first.id]);
      const edit = await h.app.request(
        `/v1/pitches/${first.id}`,
        jsonRequest("PATCH", { title: "First light, revised" }, owner.token),
      );
      await expectJson(edit, 200);
      const titles = (await page(h, "/v1/pitches")).items.map((item) => item.title);
      assert.deepEqual(titles, ["Second wind", "First light, revised"]);
      await expectJson(
        await h.app.request(
          `/v1/pitches/${second.id}/archive`,
          jsonRequest("POST", undefined, owner.token),
        ),
        200,
      );
      assert.deepEqual(ids(await page(h, "/v1/pitches")), [first.id]);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/me/pitches lists the caller's own pitches in every state", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h);
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h);
    await createPitch(h, other.token);
    const created: string[] = [];
    const make = async (overrides: Record<string, unknown>, publish = true) => {
      h.clock.advance(1_000);
      const pitch = await createPitch(h, owner.token, overrides, { publish });
      created.unshift(pitch.id);
      return pitch;
    };
    await make({}, false);
    await make({});
    await make({ visibility: "private" });
    await make({ visibility: "unlisted" }, false);
    const archived = await make({});
    await expectJson(
      await h.app.request(
        `/v1/pitches/${archived.id}/archive`,
        jsonRequest("POST", undefined, owner.token),
      ),
      200,
    );
    const deleted = await make({});
    const gone = await h.app.request(
      `/v1/pitches/${deleted.id}`,
      jsonRequest("DELETE", undefined, owner.token),
    );
    assert.equal(gone.status, 204, await gone.text());
    const live = created.filter((id) => id !== deleted.id);

    await t.step("anonymous callers get 401", async () => {
      await assertProblem(await get(h, "/v1/me/pitches"), 401, "unauthorized");
    });

    await t.step("every own state but deleted, newest created first, never stored", async () => {
      const response = await get(h, "/v1/me/pitches", owner.token);
      const body = await expectJson<Page>(response, 200);
      assert.deepEqual(ids(body), live);
      assert.equal(response.headers.get("cache-control"), "private, no-store");
      const statuses = body.items.map((item) => item.status).sort();
      assert.deepEqual(statuses, ["archived", "draft", "draft", "published", "published"]);
    });

    await t.step("filters by status", async () => {
      const drafts = await page(h, "/v1/me/pitches?status=draft", owner.token);
      assert.equal(drafts.items.length, 2);
      assert.ok(drafts.items.every((item) => item.status === "draft"));
    });

    await t.step("pages of 2 cover every pitch once", async () => {
      const pages = await allPages(h, "/v1/me/pitches?limit=2", owner.token);
      assert.deepEqual(pages.map((p) => p.items.length), [2, 2, 1]);
      assert.deepEqual(pages.flatMap(ids), live);
    });

    await t.step("a cursor of another status filter is 400; bad queries 422", async () => {
      const first = await page(h, "/v1/me/pitches?limit=1", owner.token);
      await assertProblem(
        await get(h, `/v1/me/pitches?status=draft&cursor=${first.nextCursor}`, owner.token),
        400,
        "bad-request",
      );
      for (const query of ["limit=0", "status=deleted", "ownerId=x"]) {
        await assertProblem(
          await get(h, `/v1/me/pitches?${query}`, owner.token),
          422,
          "validation-failed",
        );
      }
    });

    await t.step("both operations are in the OpenAPI document", async () => {
      const doc = await expectJson<{ paths: Record<string, Record<string, unknown>> }>(
        await h.app.request("/openapi.json"),
        200,
      );
      assert.ok(doc.paths["/v1/pitches"]?.get, "GET /v1/pitches");
      assert.ok(doc.paths["/v1/me/pitches"]?.get, "GET /v1/me/pitches");
      assert.ok(doc.paths["/v1/pitches/{id}"]?.get, "GET /v1/pitches/{id}");
    });
  } finally {
    await h.close();
  }
});
