import { putSubscription } from "../support/subscriptions.ts";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { QuotaExceededError } from "../../src/ports/errors.ts";
import type { PublishGate } from "../../src/ports/publish_gate.ts";
import { TREND_WEIGHTS, trendTerm } from "../../src/db/trending.ts";
import { fromIp, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch, PITCH_FIELDS, randomPitch } from "../support/pitches.ts";

interface Pitch {
  id: string;
  ownerId: string;
  title: string;
  logline: string;
  synopsis: string;
  genre: string;
  format: string;
  tags: string[];
  budgetRange: string | null;
  deckUrl: string | null;
  visibility: string;
  status: string;
  viewCount: number;
  saveCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  version: number;
}

const DAY = 24 * 60 * 60_000;

/** A request as `token` (anonymous when undefined) with a JSON body and extra headers. */
function call(
  method: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): RequestInit {
  const init = jsonRequest(method, options.body, options.token);
  return { ...init, headers: { ...init.headers as Record<string, string>, ...options.headers } };
}

function read(h: Harness, id: string, token?: string, headers: Record<string, string> = {}) {
  return h.app.request(`/v1/pitches/${id}`, call("GET", { token, headers }));
}

function post(h: Harness, path: string, token?: string, body?: unknown) {
  return h.app.request(path, call("POST", { token, body }));
}

function patch(h: Harness, id: string, body: unknown, token?: string, ifMatch?: string) {
  const headers: Record<string, string> = ifMatch === undefined ? {} : { "if-match": ifMatch };
  return h.app.request(`/v1/pitches/${id}`, call("PATCH", { token, body, headers }));
}

/** The JSON pointers of a 422 problem's field errors, sorted. */
async function invalidPointers(response: Response): Promise<string[]> {
  const problem = await assertProblem(response, 422, "validation-failed");
  const errors = problem.errors as Array<{ pointer: string }>;
  return errors.map((e) => e.pointer).sort();
}

/** The owner's view, straight from the database (owner reads are never cached). */
async function ownerView(h: Harness, id: string, owner: TestUser): Promise<Pitch> {
  return await expectJson<Pitch>(await read(h, id, owner.token), 200);
}

async function statusOf(response: Response): Promise<number> {
  await response.body?.cancel();
  return response.status;
}

Deno.test("POST /v1/pitches", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h, { role: "creator" });
    await putSubscription(h, creator.id, { plan: "studio", status: "active" });
    const investor = await signUpUser(h, { role: "investor" });
    const admin = await signUpUser(h, { role: "admin" });
    const minimal = { title: "Moon Dust", logline: "A miner finds a door", genre: "sci-fi" };

    await t.step("a creator gets 201 with a draft, its ETag and its Location", async () => {
      const response = await post(h, "/v1/pitches", creator.token, {
        ...minimal,
        format: "feature",
      });
      const pitch = await expectJson<Pitch>(response, 201);
      assert.deepEqual(Object.keys(pitch).sort(), PITCH_FIELDS, JSON.stringify(pitch));
      assert.match(pitch.id, /^pit_[A-Za-z0-9]{20}$/);
      assert.equal(response.headers.get("etag"), `"${pitch.id}.v1"`);
      assert.equal(response.headers.get("location"), `/v1/pitches/${pitch.id}`);
      assert.deepEqual(
        [pitch.ownerId, pitch.status, pitch.visibility, pitch.version],
        [creator.id, "draft", "public", 1],
      );
      assert.deepEqual(
        [pitch.synopsis, pitch.tags, pitch.budgetRange, pitch.deckUrl, pitch.publishedAt],
        ["", [], null, null, null],
        "defaults",
      );
      assert.deepEqual([pitch.viewCount, pitch.saveCount], [0, 0]);
      assert.equal(pitch.createdAt, new Date(h.clock.now()).toISOString());
      assert.equal(pitch.updatedAt, pitch.createdAt);
    });

    await t.step("every field can be set, and text and tags are normalised", async () => {
      const body = randomPitch({
        title: "  Moon Dust  ",
        tags: ["  Sci  Fi ", "sci fi", "SCI FI", "Noir"],
        budgetRange: "1m-10m",
        deckUrl: "https://decks.example.com/moon.pdf",
        visibility: "unlisted",
      });
      const pitch = await expectJson<Pitch>(await post(h, "/v1/pitches", creator.token, body), 201);
      assert.equal(pitch.title, "Moon Dust");
      assert.deepEqual(pitch.tags, ["sci fi", "noir"], "trimmed, lower-cased, deduplicated");
      assert.equal(pitch.budgetRange, "1m-10m");
      assert.equal(pitch.deckUrl, "https://decks.example.com/moon.pdf");
      assert.equal(pitch.visibility, "unlisted");
      assert.equal(pitch.synopsis, body.synopsis);
    });

    await t.step("an investor gets 403 and an admin too: creators only", async () => {
      await assertProblem(
        await post(h, "/v1/pitches", investor.token, randomPitch()),
        403,
        "forbidden",
      );
      await assertProblem(
        await post(h, "/v1/pitches", admin.token, randomPitch()),
        403,
        "forbidden",
      );
    });

    await t.step("anonymous gets 401, before the body is looked at", async () => {
      await assertProblem(await post(h, "/v1/pitches", undefined, {}), 401, "unauthorized");
    });

    await t.step("missing required fields are 422 with one pointer each", async () => {
      assert.deepEqual(
        await invalidPointers(await post(h, "/v1/pitches", creator.token, {})),
        ["/format", "/genre", "/logline", "/title"],
      );
    });

    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ["a 121-char title", { title: "t".repeat(121) }, ["/title"]],
      ["a blank title", { title: "   " }, ["/title"]],
      ["a 301-char logline", { logline: "l".repeat(301) }, ["/logline"]],
      ["a 20,001-char synopsis", { synopsis: "s".repeat(20_001) }, ["/synopsis"]],
      ["11 tags", { tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }, ["/tags"]],
      ["a 31-char tag", { tags: ["ok", "x".repeat(31)] }, ["/tags/1"]],
      ["an empty tag", { tags: ["  "] }, ["/tags/0"]],
      ["a bad genre", { genre: "western" }, ["/genre"]],
      ["a bad format", { format: "novel" }, ["/format"]],
      ["a bad budget range", { budgetRange: "a lot" }, ["/budgetRange"]],
      ["an http:// deck URL", { deckUrl: "http://decks.example.com/a.pdf" }, ["/deckUrl"]],
      ["a deck URL that is not a URL", { deckUrl: "deck.pdf" }, ["/deckUrl"]],
      ["a bad visibility", { visibility: "secret" }, ["/visibility"]],
      ["an unknown field", { mood: "dark" }, ["/mood"]],
      [
        "server-owned fields",
        { ownerId: admin.id, status: "published", viewCount: 1000, id: "pit_x", version: 9 },
        ["/id", "/ownerId", "/status", "/version", "/viewCount"],
      ],
    ];
    for (const [name, override, pointers] of cases) {
      await t.step(`POST /v1/pitches rejects ${name} with 422`, async () => {
        const response = await post(h, "/v1/pitches", creator.token, randomPitch(override));
        assert.deepEqual(await invalidPointers(response), pointers);
      });
    }

    await t.step("limits are inclusive: 120, 300, 20,000 chars, 10 tags of 30", async () => {
      const body = randomPitch({
        title: "t".repeat(120),
        logline: "l".repeat(300),
        synopsis: "s".repeat(20_000),
        tags: Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(30, "x")),
      });
      const pitch = await expectJson<Pitch>(await post(h, "/v1/pitches", creator.token, body), 201);
      assert.equal(pitch.tags.length, 10);
    });

    await t.step("the operations are documented in OpenAPI", async () => {
      const doc = await expectJson<{ paths: Record<string, Record<string, unknown>> }>(
        await h.app.request("/openapi.json"),
        200,
      );
      assert.ok(doc.paths["/v1/pitches"]?.post);
      assert.deepEqual(Object.keys(doc.paths["/v1/pitches/{id}"] ?? {}).sort(), [
        "delete",
        "get",
        "patch",
      ]);
      assert.ok(doc.paths["/v1/pitches/{id}/publish"]?.post);
      assert.ok(doc.paths["/v1/pitches/{id}/archive"]?.post);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches/{id} visibility matrix", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h, { role: "investor" });
    const admin = await signUpUser(h, { role: "admin" });
    const draft = await createPitch(h, owner.token, {}, { publish: false });
    const published = await createPitch(h, owner.token, { visibility: "public" });
    const unlisted = await createPitch(h, owner.token, { visibility: "unlisted" });
    const privatePitch = await createPitch(h, owner.token, { visibility: "private" });
    const archived = await createPitch(h, owner.token);
    await expectJson(await post(h, `/v1/pitches/${archived.id}/archive`, owner.token), 200);
    const deleted = await createPitch(h, owner.token);
    assert.equal(
      await statusOf(
        await h.app.request(`/v1/pitches/${deleted.id}`, call("DELETE", { token: owner.token })),
      ),
      204,
    );

    const callers: Array<[string, string | undefined]> = [
      ["owner", owner.token],
      ["other", other.token],
      ["anonymous", undefined],
      ["admin", admin.token],
    ];
    const matrix: Array<[string, string, Record<string, number>]> = [
      ["draft", draft.id, { owner: 200, other: 404, anonymous: 404, admin: 404 }],
      ["published public", published.id, { owner: 200, other: 200, anonymous: 200, admin: 200 }],
      ["unlisted", unlisted.id, { owner: 200, other: 200, anonymous: 200, admin: 200 }],
      ["private", privatePitch.id, { owner: 200, other: 404, anonymous: 404, admin: 404 }],
      ["archived", archived.id, { owner: 200, other: 404, anonymous: 404, admin: 404 }],
      ["deleted", deleted.id, { owner: 404, other: 404, anonymous: 404, admin: 404 }],
      ["unknown", "pit_doesnotexist0000000", {
        owner: 404,
        other: 404,
        anonymous: 404,
        admin: 404,
      }],
    ];
    for (const [state, id, expected] of matrix) {
      await t.step(`a ${state} pitch`, async () => {
        // Twice: the second read comes from the cache (or its negative entry) and must agree.
        for (const round of [1, 2]) {
          for (const [caller, token] of callers) {
            const response = await read(h, id, token);
            const want = expected[caller]!;
            if (want === 404) {
              const problem = await assertProblem(response, 404, "not-found");
              assert.equal(problem.detail, `Pitch "${id}" not found`, "same as a missing pitch");
              continue;
            }
            const pitch = await expectJson<Pitch>(response, want);
            assert.equal(pitch.id, id, `${caller}, round ${round}`);
          }
        }
      });
    }

    await t.step("Cache-Control depends on who reads what", async () => {
      const cases: Array<[string, string | undefined, string]> = [
        [published.id, owner.token, "private, no-store"],
        [draft.id, owner.token, "private, no-store"],
        [published.id, undefined, "public, max-age=30, stale-while-revalidate=300"],
        [unlisted.id, undefined, "private, max-age=0, must-revalidate"],
        [published.id, other.token, "private, max-age=0, must-revalidate"],
        [unlisted.id, other.token, "private, max-age=0, must-revalidate"],
      ];
      for (const [id, token, expected] of cases) {
        const response = await read(h, id, token);
        assert.equal(response.headers.get("cache-control"), expected, `${id} as ${token}`);
        assert.match(response.headers.get("vary") ?? "", /Authorization/);
        await response.body?.cancel();
      }
    });

    await t.step("the body of a read is the pitch, with its ETag", async () => {
      const response = await read(h, published.id);
      const pitch = await expectJson<Pitch>(response, 200);
      assert.deepEqual(Object.keys(pitch).sort(), PITCH_FIELDS);
      assert.equal(response.headers.get("etag"), `"${published.id}.v${pitch.version}"`);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches/{id} revalidation and view counting", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const reader = await signUpUser(h, { role: "investor" });
    const pitch = await createPitch(h, owner.token);
    const etag = `"${pitch.id}.v${pitch.version}"`;

    await t.step("If-None-Match with the current ETag is a 304 without a body", async () => {
      const matching = [etag, `"stale", ${etag}`, "*", `W/${etag}`, ` W/"x" ,W/${etag} `];
      for (const header of matching) {
        const response = await read(h, pitch.id, undefined, { "if-none-match": header });
        assert.equal(response.status, 304, header);
        assert.equal(await response.text(), "", header);
        assert.equal(response.headers.get("etag"), etag);
        assert.equal(
          response.headers.get("cache-control"),
          "public, max-age=30, stale-while-revalidate=300",
        );
      }
    });

    await t.step("If-None-Match with other tags is a full 200", async () => {
      for (const header of [`"${pitch.id}.v1"`, '"other"', "garbage"]) {
        const response = await read(h, pitch.id, undefined, { "if-none-match": header });
        assert.equal((await expectJson<Pitch>(response, 200)).id, pitch.id, header);
      }
    });

    await t.step("an owner's 304 keeps the no-store header", async () => {
      const response = await read(h, pitch.id, owner.token, { "if-none-match": etag });
      assert.equal(response.status, 304);
      assert.equal(response.headers.get("cache-control"), "private, no-store");
      await response.body?.cancel();
    });

    const viewCount = async () => {
      await h.deps.views.flush();
      return (await ownerView(h, pitch.id, owner)).viewCount;
    };

    await t.step("views were counted once per viewer, and not for the owner", async () => {
      // So far: anonymous readers from one address and agent (one viewer), and the owner.
      assert.equal(await viewCount(), 1);
    });

    await t.step("each viewer counts once a day, a 304 included", async () => {
      const anon = (ip: string, agent: string) =>
        h.app.request(
          `/v1/pitches/${pitch.id}`,
          call("GET", { headers: { "user-agent": agent } }),
          fromIp(ip),
        );
      for (let i = 0; i < 3; i++) await statusOf(await anon("203.0.113.7", "Browser/1"));
      await statusOf(await anon("203.0.113.7", "Browser/2"));
      await statusOf(await anon("198.51.100.2", "Browser/1"));
      assert.equal(await viewCount(), 3, "two new anonymous addresses, whatever the agent");
      await statusOf(await read(h, pitch.id, reader.token, { "if-none-match": etag }));
      await statusOf(await read(h, pitch.id, reader.token));
      assert.equal(await viewCount(), 4, "a signed-in reader counts once, a 304 included");
      for (let i = 0; i < 3; i++) await statusOf(await read(h, pitch.id, owner.token));
      assert.equal(await viewCount(), 4, "the owner never counts");
    });

    await t.step("the next day the same viewer counts again", async () => {
      h.clock.advance(DAY);
      await statusOf(await read(h, pitch.id, reader.token));
      await statusOf(await read(h, pitch.id, reader.token));
      assert.equal(await viewCount(), 5);
    });

    await t.step("reads of a draft record nothing", async () => {
      const draft = await createPitch(h, owner.token, {}, { publish: false });
      await statusOf(await read(h, draft.id, owner.token));
      await statusOf(await read(h, draft.id, reader.token));
      await h.deps.views.flush();
      assert.equal((await ownerView(h, draft.id, owner)).viewCount, 0);
    });
  } finally {
    await h.close();
  }
});

Deno.test("PATCH /v1/pitches/{id}", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h, { role: "creator" });
    const admin = await signUpUser(h, { role: "admin" });
    const pitch = await createPitch(h, owner.token, {
      budgetRange: "under-100k",
      deckUrl: "https://decks.example.com/a.pdf",
    });
    const draft = await createPitch(h, owner.token, {}, { publish: false });

    await t.step("the owner changes fields; version, ETag and updatedAt move", async () => {
      const before = await ownerView(h, pitch.id, owner);
      h.clock.advance(60_000);
      const response = await patch(h, pitch.id, {
        title: "  New title ",
        tags: ["  Sci  Fi ", "sci fi", "Noir"],
        genre: "thriller",
      }, owner.token);
      const after = await expectJson<Pitch>(response, 200);
      assert.equal(after.title, "New title");
      assert.deepEqual(after.tags, ["sci fi", "noir"]);
      assert.equal(after.genre, "thriller");
      assert.equal(after.logline, before.logline, "absent fields stay");
      assert.equal(after.version, before.version + 1);
      assert.equal(response.headers.get("etag"), `"${pitch.id}.v${after.version}"`);
      assert.equal(after.updatedAt, new Date(h.clock.now()).toISOString());
      assert.deepEqual([after.createdAt, after.publishedAt], [
        before.createdAt,
        before.publishedAt,
      ]);
      assert.equal(after.status, "published");
    });

    await t.step("null clears the budget range and the deck URL", async () => {
      const after = await expectJson<Pitch>(
        await patch(h, pitch.id, { budgetRange: null, deckUrl: null }, owner.token),
        200,
      );
      assert.deepEqual([after.budgetRange, after.deckUrl], [null, null]);
    });

    await t.step("{} changes nothing and keeps the version", async () => {
      const before = await ownerView(h, pitch.id, owner);
      h.clock.advance(60_000);
      assert.deepEqual(await expectJson(await patch(h, pitch.id, {}, owner.token), 200), before);
    });

    const invalid: Array<[string, Record<string, unknown>, string[]]> = [
      ["ownerId", { ownerId: other.id }, ["/ownerId"]],
      ["status", { status: "published" }, ["/status"]],
      ["viewCount", { viewCount: 1_000_000 }, ["/viewCount"]],
      ["an unknown field", { mood: "dark" }, ["/mood"]],
      ["a 121-char title", { title: "t".repeat(121) }, ["/title"]],
      ["a 301-char logline", { logline: "l".repeat(301) }, ["/logline"]],
      ["a 20,001-char synopsis", { synopsis: "s".repeat(20_001) }, ["/synopsis"]],
      ["11 tags", { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, ["/tags"]],
      ["a 31-char tag", { tags: ["y".repeat(31)] }, ["/tags/0"]],
      ["a bad genre", { genre: "western" }, ["/genre"]],
      ["an http:// deck URL", { deckUrl: "http://decks.example.com/a.pdf" }, ["/deckUrl"]],
      ["a null title", { title: null }, ["/title"]],
    ];
    for (const [name, body, pointers] of invalid) {
      await t.step(`PATCH rejects ${name} with 422 and changes nothing`, async () => {
        const before = await ownerView(h, pitch.id, owner);
        assert.deepEqual(
          await invalidPointers(await patch(h, pitch.id, body, owner.token)),
          pointers,
        );
        assert.deepEqual(await ownerView(h, pitch.id, owner), before);
      });
    }

    await t.step("others get 404 when they cannot read it and 403 when they can", async () => {
      await assertProblem(await patch(h, draft.id, { title: "x" }, other.token), 404, "not-found");
      await assertProblem(await patch(h, pitch.id, { title: "x" }, other.token), 403, "forbidden");
      await assertProblem(await patch(h, pitch.id, { title: "x" }, admin.token), 403, "forbidden");
      await assertProblem(
        await patch(h, "pit_nope", { title: "x" }, owner.token),
        404,
        "not-found",
      );
    });

    await t.step("anonymous gets 401", async () => {
      await assertProblem(await patch(h, pitch.id, { title: "x" }), 401, "unauthorized");
    });

    await t.step("If-Match with a stale or weak ETag is 412 and changes nothing", async () => {
      const before = await ownerView(h, pitch.id, owner);
      const current = `"${pitch.id}.v${before.version}"`;
      for (const stale of [`"${pitch.id}.v1"`, `W/${current}`, "garbage"]) {
        await assertProblem(
          await patch(h, pitch.id, { title: "Lost" }, owner.token, stale),
          412,
          "precondition-failed",
        );
      }
      assert.deepEqual(await ownerView(h, pitch.id, owner), before);
    });

    await t.step("If-Match with the current ETag, in a list, or * applies", async () => {
      for (const header of ["current", "list", "*"]) {
        const { version } = await ownerView(h, pitch.id, owner);
        const etag = `"${pitch.id}.v${version}"`;
        const ifMatch = header === "current" ? etag : header === "list" ? `"x", ${etag}` : "*";
        const after = await expectJson<Pitch>(
          await patch(h, pitch.id, { title: `Via ${header}` }, owner.token, ifMatch),
          200,
        );
        assert.equal(after.version, version + 1);
      }
    });

    await t.step("two concurrent PATCHes with one If-Match: one 200, one 412", async () => {
      for (let round = 0; round < 5; round++) {
        const { version } = await ownerView(h, pitch.id, owner);
        const etag = `"${pitch.id}.v${version}"`;
        const responses = await Promise.all(
          ["A", "B"].map((w) => patch(h, pitch.id, { title: `Writer ${w}` }, owner.token, etag)),
        );
        const statuses = await Promise.all(responses.map(statusOf));
        assert.deepEqual(statuses.sort(), [200, 412], `round ${round}`);
        assert.equal((await ownerView(h, pitch.id, owner)).version, version + 1);
      }
    });

    await t.step("a draft's changes stay private to its owner", async () => {
      const after = await expectJson<Pitch>(
        await patch(h, draft.id, { title: "Still secret" }, owner.token),
        200,
      );
      assert.equal(after.status, "draft");
      await assertProblem(await read(h, draft.id, other.token), 404, "not-found");
    });
  } finally {
    await h.close();
  }
});

Deno.test("DELETE /v1/pitches/{id}", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h, { role: "creator" });
    const pitch = await createPitch(h, owner.token);
    const draft = await createPitch(h, owner.token, {}, { publish: false });
    const remove = (id: string, token?: string, headers: Record<string, string> = {}) =>
      h.app.request(`/v1/pitches/${id}`, call("DELETE", { token, headers }));

    await t.step("others get 404 or 403, anonymous 401; nothing is deleted", async () => {
      await assertProblem(await remove(draft.id, other.token), 404, "not-found");
      await assertProblem(await remove(pitch.id, other.token), 403, "forbidden");
      await assertProblem(await remove(pitch.id), 401, "unauthorized");
      await expectJson(await read(h, pitch.id), 200);
    });

    await t.step("a stale If-Match is 412", async () => {
      await assertProblem(
        await remove(pitch.id, owner.token, { "if-match": `"${pitch.id}.v1"` }),
        412,
        "precondition-failed",
      );
      await expectJson(await read(h, pitch.id), 200);
    });

    await t.step("the owner deletes with the current ETag: 204, then 404 for all", async () => {
      const { version } = await ownerView(h, pitch.id, owner);
      const response = await remove(pitch.id, owner.token, {
        "if-match": `"${pitch.id}.v${version}"`,
      });
      assert.equal(response.status, 204, await response.text());
      for (const token of [owner.token, other.token, undefined]) {
        await assertProblem(await read(h, pitch.id, token), 404, "not-found");
      }
      const [row] = await h.deps.database.db.select().from(pitches).where(eq(pitches.id, pitch.id));
      assert.ok(row?.deletedAt, "soft delete keeps the row");
      assert.equal(row.version, version + 1);
    });

    await t.step("every change to a deleted pitch is 404", async () => {
      await assertProblem(await remove(pitch.id, owner.token), 404, "not-found");
      await assertProblem(await patch(h, pitch.id, { title: "x" }, owner.token), 404, "not-found");
      for (const action of ["publish", "archive"]) {
        const response = await post(h, `/v1/pitches/${pitch.id}/${action}`, owner.token);
        await assertProblem(response, 404, "not-found");
      }
    });

    await t.step("a draft can be deleted without If-Match", async () => {
      assert.equal(await statusOf(await remove(draft.id, owner.token)), 204);
      await assertProblem(await read(h, draft.id, owner.token), 404, "not-found");
    });
  } finally {
    await h.close();
  }
});

Deno.test("POST /v1/pitches/{id}/publish and /archive", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h, { role: "creator" });
    const score = async (id: string) => {
      const [row] = await h.deps.database.db.select({ score: pitches.trendingScore })
        .from(pitches).where(eq(pitches.id, id));
      return row!.score;
    };
    const draft = await createPitch(h, owner.token, {}, { publish: false });
    const firstPublish = h.clock.now();
    let published: Pitch;

    await t.step(
      "publishing a draft sets publishedAt, the trend score and the version",
      async () => {
        const response = await post(h, `/v1/pitches/${draft.id}/publish`, owner.token);
        published = await expectJson<Pitch>(response, 200);
        assert.equal(published.status, "published");
        assert.equal(published.publishedAt, new Date(firstPublish).toISOString());
        assert.equal(published.version, 2);
        assert.equal(response.headers.get("etag"), `"${draft.id}.v2"`);
        assert.ok(
          Math.abs((await score(draft.id)) - trendTerm(TREND_WEIGHTS.publish, firstPublish)) < 1e-9,
        );
        assert.equal(
          (await expectJson<Pitch>(await read(h, draft.id, other.token), 200)).id,
          draft.id,
        );
      },
    );

    await t.step("publishing again is 200 and changes nothing", async () => {
      h.clock.advance(60_000);
      const again = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${draft.id}/publish`, owner.token),
        200,
      );
      assert.deepEqual(again, published);
    });

    await t.step("archiving hides it from others and keeps publishedAt", async () => {
      const archived = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${draft.id}/archive`, owner.token),
        200,
      );
      assert.equal(archived.status, "archived");
      assert.equal(archived.version, 3);
      assert.equal(archived.publishedAt, published.publishedAt);
      await assertProblem(await read(h, draft.id, other.token), 404, "not-found");
      assert.equal((await ownerView(h, draft.id, owner)).status, "archived");
      const again = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${draft.id}/archive`, owner.token),
        200,
      );
      assert.deepEqual(again, archived, "archiving is idempotent");
    });

    await t.step("re-publishing keeps the first publishedAt and trend score", async () => {
      h.clock.advance(DAY);
      const again = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${draft.id}/publish`, owner.token),
        200,
      );
      assert.equal(again.status, "published");
      assert.equal(again.publishedAt, published.publishedAt);
      assert.equal(again.version, 4);
      assert.ok(
        Math.abs((await score(draft.id)) - trendTerm(TREND_WEIGHTS.publish, firstPublish)) < 1e-9,
      );
    });

    await t.step("a draft can be archived, then published for the first time", async () => {
      const second = await createPitch(h, owner.token, {}, { publish: false });
      const archived = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${second.id}/archive`, owner.token),
        200,
      );
      assert.deepEqual([archived.status, archived.publishedAt], ["archived", null]);
      const now = h.clock.now();
      const live = await expectJson<Pitch>(
        await post(h, `/v1/pitches/${second.id}/publish`, owner.token),
        200,
      );
      assert.equal(live.publishedAt, new Date(now).toISOString());
    });

    await t.step("others get 404 on what they cannot read, 403 on the rest", async () => {
      const hidden = await createPitch(h, owner.token, {}, { publish: false });
      for (const action of ["publish", "archive"]) {
        await assertProblem(
          await post(h, `/v1/pitches/${hidden.id}/${action}`, other.token),
          404,
          "not-found",
        );
        await assertProblem(
          await post(h, `/v1/pitches/${draft.id}/${action}`, other.token),
          403,
          "forbidden",
        );
        await assertProblem(
          await post(h, `/v1/pitches/${draft.id}/${action}`),
          401,
          "unauthorized",
        );
        await assertProblem(
          await post(h, `/v1/pitches/pit_unknown/${action}`, owner.token),
          404,
          "not-found",
        );
      }
      assert.equal((await ownerView(h, draft.id, owner)).status, "published");
    });

    await t.step("the publish gate runs inside the transaction and can refuse", async () => {
      const calls: Array<{ userId: string; pitchId: string; now: number; inTx: boolean }> = [];
      const refusing: PublishGate = ({ ctx, input }) => {
        calls.push({ ...input, now: ctx.clock.now(), inTx: ctx.db !== h.deps.database.db });
        return Promise.reject(new QuotaExceededError(`Plan "free" allows 0 published pitches`));
      };
      const original = h.deps.publishGate;
      h.deps.publishGate = refusing;
      try {
        const pending = await createPitch(h, owner.token, {}, { publish: false });
        await assertProblem(
          await post(h, `/v1/pitches/${pending.id}/publish`, owner.token),
          403,
          "quota-exceeded",
        );
        assert.deepEqual(calls, [
          { userId: owner.id, pitchId: pending.id, now: h.clock.now(), inTx: true },
        ]);
        const after = await ownerView(h, pending.id, owner);
        assert.deepEqual([after.status, after.version, after.publishedAt], ["draft", 1, null]);
        const live = await expectJson<Pitch>(
          await post(h, `/v1/pitches/${draft.id}/publish`, owner.token),
          200,
        );
        assert.equal(live.status, "published", "an already published pitch never asks the gate");
        assert.equal(calls.length, 1);
      } finally {
        h.deps.publishGate = original;
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("a read after a write never returns the old pitch", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const other = await signUpUser(h, { role: "investor" });
    const readers: Array<[string, string | undefined]> = [["other", other.token], [
      "anonymous",
      undefined,
    ]];
    const readAll = async (id: string) => {
      const seen: Array<[string, number, string | undefined]> = [];
      for (const [name, token] of readers) {
        const response = await read(h, id, token);
        const text = await response.text();
        seen.push([name, response.status, response.ok ? JSON.parse(text).title : undefined]);
      }
      return seen;
    };

    await t.step("PATCH: the next read shows the new title", async () => {
      const pitch = await createPitch(h, owner.token, { title: "Old title" });
      assert.deepEqual(await readAll(pitch.id), [["other", 200, "Old title"], [
        "anonymous",
        200,
        "Old title",
      ]]);
      await expectJson(await patch(h, pitch.id, { title: "New title" }, owner.token), 200);
      assert.deepEqual(await readAll(pitch.id), [["other", 200, "New title"], [
        "anonymous",
        200,
        "New title",
      ]]);
      const response = await read(h, pitch.id);
      assert.equal(response.headers.get("etag"), `"${pitch.id}.v3"`);
      await response.body?.cancel();
    });

    await t.step("archive: the next read is 404; publishing again shows it", async () => {
      const pitch = await createPitch(h, owner.token, { title: "Shown" });
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [200, 200]);
      await expectJson(await post(h, `/v1/pitches/${pitch.id}/archive`, owner.token), 200);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [404, 404]);
      await expectJson(await post(h, `/v1/pitches/${pitch.id}/publish`, owner.token), 200);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [200, 200]);
    });

    await t.step("a cached 404 of a draft ends when it is published", async () => {
      const pitch = await createPitch(h, owner.token, {}, { publish: false });
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [404, 404]);
      await expectJson(await post(h, `/v1/pitches/${pitch.id}/publish`, owner.token), 200);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [200, 200]);
    });

    await t.step("making a pitch private hides it at once", async () => {
      const pitch = await createPitch(h, owner.token);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [200, 200]);
      await expectJson(await patch(h, pitch.id, { visibility: "private" }, owner.token), 200);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [404, 404]);
    });

    await t.step("DELETE: the next read is 404", async () => {
      const pitch = await createPitch(h, owner.token);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [200, 200]);
      const response = await h.app.request(
        `/v1/pitches/${pitch.id}`,
        call("DELETE", { token: owner.token }),
      );
      assert.equal(await statusOf(response), 204);
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[1]), [404, 404]);
    });

    await t.step("the owner always reads the database, never the shared cache", async () => {
      const pitch = await createPitch(h, owner.token, { title: "Before" });
      await readAll(pitch.id);
      // A write that skips the service (and so the invalidation) is still seen by the owner.
      await h.deps.database.db.update(pitches).set({ title: "Behind the cache" })
        .where(eq(pitches.id, pitch.id));
      assert.equal((await ownerView(h, pitch.id, owner)).title, "Behind the cache");
      assert.deepEqual((await readAll(pitch.id)).map((r) => r[2]), ["Before", "Before"]);
    });
  } finally {
    await h.close();
  }
});
