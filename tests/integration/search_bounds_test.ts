import assert from "node:assert/strict";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import { newId } from "../../src/lib/ids.ts";
import { SEARCH_BOUNDS } from "../../src/services/pitches/search_bounds.ts";
import { fromIp, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

interface Page {
  items: Array<{ id: string; title: string }>;
  nextCursor: string | null;
}

const LONG_AGO = Date.UTC(2025, 0, 1);

type PitchRow = typeof pitches.$inferInsert;

/** A listed (published, public) pitch row published at `atMs`. */
function listedRow(ownerId: string, atMs: number, text: Partial<PitchRow> = {}): PitchRow {
  const at = new Date(atMs);
  return {
    id: newId("pit"),
    ownerId,
    title: "Airship",
    logline: "A logline",
    synopsis: "",
    genre: "drama",
    format: "feature",
    status: "published",
    visibility: "public",
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    ...text,
  };
}

/** Writes rows behind the API, 1,000 per statement (bind parameters are limited). */
async function insertRows(h: Harness, rows: PitchRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1_000) {
    await h.deps.db.insert(pitches).values(rows.slice(i, i + 1_000));
  }
}

/** Every page of `path` (which has a query string), following cursors. */
async function allIds(h: Harness, path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: Page = await expectJson<Page>(await h.app.request(path + suffix), 200);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

Deno.test("GET /v1/pitches?q= bounds the work of one search", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });

    await t.step("more than 8 terms is 422 on q, saying what was expected", async () => {
      const q = encodeURIComponent("one two three four five six seven eight nine");
      const problem = await assertProblem(
        await h.app.request(`/v1/pitches?q=${q}`),
        422,
        "validation-failed",
      );
      assert.deepEqual(problem.errors, [{
        parameter: "q",
        in: "query",
        detail: "Expected at most 8 search terms, got 9",
      }], JSON.stringify(problem));
    });

    await t.step("a term over 40 characters is 422; 8 terms of 40 pass", async () => {
      const long = await h.app.request(`/v1/pitches?q=short+${"x".repeat(41)}`);
      const problem = await assertProblem(long, 422, "validation-failed");
      assert.match(JSON.stringify(problem.errors), /at most 40 characters/);
      const most = Array.from({ length: 8 }, (_, i) => `${i}${"y".repeat(23)}`).join(" ");
      await expectJson(await h.app.request(`/v1/pitches?q=${encodeURIComponent(most)}`), 200);
      const operators = encodeURIComponent('"a b" or c or -d e f g h');
      await expectJson(await h.app.request(`/v1/pitches?q=${operators}`), 200);
    });

    await t.step("a search sorts and pages through the newest 500 matches only", async () => {
      // Five old pitches matching in the title (the best rank) and 500 newer ones matching in
      // the synopsis only: the old ones are not among the candidates.
      const rows = Array.from(
        { length: SEARCH_BOUNDS.candidates + 5 },
        (_, i) =>
          listedRow(owner.id, LONG_AGO + i * 60_000, {
            title: i < 5 ? `Zeppelin ${i}` : `Airship ${i}`,
            synopsis: i < 5 ? "" : "A zeppelin drifts.",
          }),
      );
      await insertRows(h, rows);
      const oldIds = rows.slice(0, 5).map((row) => row.id);
      const newIds = rows.slice(5).map((row) => row.id).reverse();
      const ranked = await allIds(h, "/v1/pitches?q=zeppelin&limit=100");
      assert.equal(ranked.length, SEARCH_BOUNDS.candidates);
      assert.deepEqual([...ranked].sort(), [...newIds].sort(), "the newest 500, each once");
      assert.ok(!ranked.some((id) => oldIds.includes(id)), "older matches are not ranked");
      const newest = await allIds(h, "/v1/pitches?q=zeppelin&sort=new&limit=100");
      assert.deepEqual(newest, newIds, "sort=new pages through the same 500, newest first");
    });

    await t.step("matches older than the 5,000 newest pitches are still found", async () => {
      const old = [
        listedRow(owner.id, LONG_AGO - 3 * 60_000, { synopsis: "A quasar at dawn." }),
        listedRow(owner.id, LONG_AGO - 2 * 60_000, { title: "Quasar" }),
        listedRow(owner.id, LONG_AGO - 60_000, { logline: "A quasar logline" }),
      ];
      const newer = Array.from(
        { length: SEARCH_BOUNDS.recentWindow },
        (_, i) => listedRow(owner.id, LONG_AGO + (1_000 + i) * 60_000),
      );
      await insertRows(h, [...old, ...newer]);
      const page = await expectJson<Page>(await h.app.request("/v1/pitches?q=quasar"), 200);
      assert.deepEqual(
        page.items.map((item) => item.id),
        [old[1]!.id, old[2]!.id, old[0]!.id],
        "title, logline, synopsis",
      );
      const recent = await expectJson<Page>(await h.app.request("/v1/pitches?q=zeppelin"), 200);
      assert.equal(recent.items.length, 20, "a common old word still gets a full page");
    });

    await t.step("with fewer matches than the bound, relevance ranks them all", async () => {
      const title = await createPitch(h, owner.token, { title: "Quixotic lighthouse" });
      const synopsis = await createPitch(h, owner.token, {
        synopsis: "A quixotic keeper and a storm.",
      });
      const page = await expectJson<Page>(await h.app.request("/v1/pitches?q=quixotic"), 200);
      assert.deepEqual(page.items.map((item) => item.id), [title.id, synopsis.id]);
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/pitches?q= has its own per-address budget", async (t) => {
  const h = await createHarness({ rateLimits: { searchPerMinute: 3, anonymousPerMinute: 100 } });
  // Counted on the manual clock even when TEST_REDIS_URL selects Redis (real-clock windows).
  h.deps.rateLimiter = createMemoryRateLimiter({ clock: h.clock });
  h.clock.set(Math.ceil(h.clock.now() / 60_000) * 60_000);
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const pitch = await createPitch(h, owner.token, { title: "Budgeted search" });
    const ip = "203.0.113.50";
    const search = (from: string, q: string, token?: string) =>
      h.app.request(
        `/v1/pitches?q=${q}`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
        fromIp(from),
      );

    await t.step("3 searches a minute from one address, then 429 search-ip", async () => {
      for (let i = 1; i <= 3; i++) {
        const response = await search(ip, `budgeted+${i}`);
        assert.equal(
          response.headers.get("ratelimit-policy"),
          '"api-ip";q=100;w=60, "search-ip";q=3;w=60',
        );
        assert.match(
          response.headers.get("ratelimit") ?? "",
          new RegExp(`"search-ip";r=${3 - i};`),
        );
        await expectJson(response, 200);
      }
      const refused = await search(ip, "budgeted");
      assert.ok(Number(refused.headers.get("retry-after")) >= 1, "Retry-After is set");
      const problem = await assertProblem(refused, 429, "rate-limited");
      assert.match(problem.detail, /"search-ip" of 3 requests a minute/);
      await assertProblem(await search(ip, "a+".repeat(20) + "b"), 429, "rate-limited");
    });

    await t.step("the same address's other requests are not affected", async () => {
      await expectJson(await h.app.request("/v1/pitches", {}, fromIp(ip)), 200);
      await expectJson(await h.app.request(`/v1/pitches/${pitch.id}`, {}, fromIp(ip)), 200);
      await expectJson(await h.app.request("/v1/pitches?sort=trending", {}, fromIp(ip)), 200);
    });

    await t.step("signed-in callers share their address's budget", async () => {
      await assertProblem(await search(ip, "budgeted", owner.token), 429, "rate-limited");
      await expectJson(await search("198.51.100.50", "budgeted", owner.token), 200);
    });

    await t.step("another address has its own budget; one IPv6 /64 has one", async () => {
      await expectJson(await search("203.0.113.51", "budgeted"), 200);
      for (let i = 1; i <= 3; i++) {
        await expectJson(await search(`2001:db8:5:6::${i}`, "budgeted"), 200);
      }
      await assertProblem(await search("2001:db8:5:6::99", "budgeted"), 429, "rate-limited");
      await expectJson(await search("2001:db8:5:7::1", "budgeted"), 200);
    });

    await t.step("the budget refills as the window slides", async () => {
      h.clock.advance(120_000);
      await expectJson(await search(ip, "budgeted"), 200);
    });
  } finally {
    await h.close();
  }
});
