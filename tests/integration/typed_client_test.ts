import assert from "node:assert/strict";
import { ApiError, type Client, createClient } from "../../client/mod.ts";
import { randomUser } from "../support/accounts.ts";
import { createHarness, TEST_ORIGIN } from "../support/harness.ts";

// The client as a front end uses it: over real HTTP with `fetch`, against the real app listening
// on an ephemeral port. `deno check` (and so `deno test`) type-checks every call below against
// client/schema.d.ts, so a body or query the document does not allow fails before any request.
Deno.test("the typed client signs up, creates, publishes and pages through pitches", async (t) => {
  const h = await createHarness();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, h.app.fetch);
  const baseUrl = `http://127.0.0.1:${server.addr.port}`;
  const anonymous = createClient({ baseUrl });
  try {
    const signUp = await anonymous.post("/v1/auth/signup", {
      body: { ...randomUser(), role: "creator" },
    });
    const api = anonymous.withAuth({ bearer: signUp.data.session.token });
    const ownerId = signUp.data.user.id;
    const created: string[] = [];

    await t.step("sign-up answers 201 with the account and a session token", () => {
      assert.equal(signUp.status, 201);
      assert.match(signUp.data.session.token, /^ps_/);
    });

    await t.step("a minimal pitch (only the required fields) is created as a draft", async () => {
      for (const title of ["First", "Second", "Third"]) {
        const pitch = await api.post("/v1/pitches", {
          body: { title, logline: `${title} logline`, genre: "drama", format: "feature" },
          idempotencyKey: crypto.randomUUID(),
        });
        assert.equal(pitch.status, 201);
        assert.equal(pitch.data.status, "draft");
        assert.equal(pitch.headers.get("location"), `/v1/pitches/${pitch.data.id}`);
        created.push(pitch.data.id);
      }
    });

    await t.step("a retry with the same Idempotency-Key replays the first answer", async () => {
      const key = crypto.randomUUID();
      const body = {
        title: "Once",
        logline: "Made once",
        genre: "comedy",
        format: "short",
      } as const;
      const first = await api.post("/v1/pitches", { body, idempotencyKey: key });
      const retry = await api.post("/v1/pitches", { body, idempotencyKey: key });
      assert.equal(retry.data.id, first.data.id);
      assert.equal(retry.headers.get("idempotent-replayed"), "true");
      await api.delete("/v1/pitches/{id}", {
        params: { path: { id: first.data.id }, header: { "if-match": first.headers.get("etag")! } },
      });
    });

    await t.step("publishing takes the path parameter", async () => {
      for (const id of created) {
        // One second apart on the test clock, so "newest first" has one answer.
        h.clock.advance(1_000);
        const published = await api.post("/v1/pitches/{id}/publish", { params: { path: { id } } });
        assert.equal(published.data.status, "published", JSON.stringify(published.data));
      }
    });

    await t.step("pages() walks the list page by page with nextCursor", async () => {
      const pages = await collectPages(api, ownerId);
      assert.deepEqual(pages.map((page) => page.length), [2, 1]);
      // Newest first: the reverse of the order they were published in.
      assert.deepEqual(pages.flat(), [...created].reverse());
      assert.deepEqual(await collectPages(anonymous, ownerId), pages);
    });

    await t.step("an error status throws ApiError with the typed problem", async () => {
      const problem = await caught(() =>
        api.post("/v1/pitches", {
          body: { title: "x".repeat(500), logline: "Too long", genre: "drama", format: "feature" },
        })
      );
      assert.equal(problem.status, 422);
      assert.equal(problem.slug, "validation-failed");
      assert.equal(problem.problem?.status, 422);
      assert.match(problem.problem?.instance ?? "", new RegExp(problem.requestId ?? "missing"));
      const anonymousWrite = await caught(() =>
        anonymous.post("/v1/pitches/{id}/publish", { params: { path: { id: created[0]! } } })
      );
      assert.equal(anonymousWrite.slug, "unauthorized", anonymousWrite.message);
    });
  } finally {
    await server.shutdown();
    await h.close();
  }
});

Deno.test("the typed client in cookie mode sends the browser's credentials", async (t) => {
  const h = await createHarness();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, h.app.fetch);
  const browser = browserFetch(TEST_ORIGIN);
  const api = createClient({
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    auth: "cookie",
    fetch: browser.fetch,
  });
  try {
    await t.step("sign-up sets the session cookie, and later calls carry it", async () => {
      await api.post("/v1/auth/signup", { body: { ...randomUser(), role: "creator" } });
      assert.ok(browser.cookies.has("pitchey_session"), [...browser.cookies.keys()].join());
      const me = await api.get("/v1/me");
      assert.equal(me.status, 200);
      const pitch = await api.post("/v1/pitches", {
        body: { title: "By cookie", logline: "Written", genre: "drama", format: "feature" },
      });
      assert.equal(pitch.data.ownerId, me.data.id);
    });
  } finally {
    await server.shutdown();
    await h.close();
  }
});

async function collectPages(client: Client, ownerId: string): Promise<string[][]> {
  const pages: string[][] = [];
  const query = { ownerId, limit: 2 };
  for await (const page of client.pages("/v1/pitches", { params: { query } })) {
    pages.push(page.items.map((pitch) => pitch.id));
  }
  return pages;
}

async function caught(call: () => Promise<unknown>): Promise<ApiError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new assert.AssertionError({ message: "The call succeeded; an ApiError was expected" });
}

/**
 * A `fetch` that behaves as a browser page on `origin` does for cross-origin calls: cookies the API
 * set go back only when the call asks for `credentials: "include"`, and every call carries the
 * page's `Origin`. The cookie store ignores `Secure`, as browsers do for localhost.
 */
function browserFetch(origin: string) {
  const cookies = new Map<string, string>();
  const fetchAsPage: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("origin", origin);
    const include = init.credentials === "include";
    if (include && cookies.size > 0) {
      headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await fetch(input, { ...init, headers });
    for (const line of include ? response.headers.getSetCookie() : []) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  };
  return { fetch: fetchAsPage, cookies };
}
