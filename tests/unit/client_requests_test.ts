import assert from "node:assert/strict";
import { ApiError, createClient } from "../../client/mod.ts";

/** A `fetch` that records each request and answers from `answers` in order. */
function recordingFetch(...answers: Array<() => Response>) {
  const requests: Request[] = [];
  const fetchFake: typeof fetch = (input, init) => {
    requests.push(new Request(input, init));
    const answer = answers.shift();
    if (!answer) throw new Error(`Unexpected request ${requests.length}`);
    return Promise.resolve(answer());
  };
  return { fetch: fetchFake, requests };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  Response.json(body, { status, headers });

Deno.test("the typed client builds requests from the typed arguments", async (t) => {
  await t.step("path parameters are encoded, undefined query values dropped", async () => {
    const wire = recordingFetch(json({ id: "usr_1" }));
    const api = createClient({ baseUrl: "https://api.example/base/", fetch: wire.fetch });
    await api.get("/v1/users/{id}", { params: { path: { id: "a/b c" } } });
    assert.equal(wire.requests[0]?.url, "https://api.example/base/v1/users/a%2Fb%20c");
    const list = recordingFetch(json({ items: [], nextCursor: null }));
    await createClient({ baseUrl: "https://api.example", fetch: list.fetch })
      .get("/v1/pitches", { params: { query: { limit: 5, genre: undefined, q: "a&b" } } });
    assert.equal(list.requests[0]?.url, "https://api.example/v1/pitches?limit=5&q=a%26b");
  });

  await t.step("bearer token, Idempotency-Key and JSON body go in headers", async () => {
    const wire = recordingFetch(json({ id: "pit_1" }, 201));
    let token = "ps_first";
    const api = createClient({
      baseUrl: "https://api.example",
      auth: { bearer: () => token },
      fetch: wire.fetch,
    });
    token = "ps_second";
    await api.post("/v1/pitches", {
      body: { title: "T", logline: "L", genre: "drama", format: "short" },
      idempotencyKey: "key-1",
      headers: { authorization: "Bearer ps_ignored", "x-request-id": "req-1" },
    });
    const sent = wire.requests[0]!;
    assert.equal(sent.method, "POST");
    assert.equal(sent.headers.get("authorization"), "Bearer ps_second");
    assert.equal(sent.headers.get("idempotency-key"), "key-1");
    assert.equal(sent.headers.get("x-request-id"), "req-1");
    assert.equal(sent.headers.get("content-type"), "application/json");
    assert.deepEqual(await sent.json(), {
      title: "T",
      logline: "L",
      genre: "drama",
      format: "short",
    });
    assert.equal(sent.credentials, "same-origin");
  });

  await t.step("cookie mode asks for credentials and sends no Authorization", async () => {
    const wire = recordingFetch(json({}));
    await createClient({ baseUrl: "https://api.example", auth: "cookie", fetch: wire.fetch })
      .get("/v1/me");
    assert.equal(wire.requests[0]?.credentials, "include");
    assert.equal(wire.requests[0]?.headers.get("authorization"), null);
  });

  await t.step("a missing path parameter is refused before any request", async () => {
    const wire = recordingFetch();
    const api = createClient({ baseUrl: "https://api.example", fetch: wire.fetch });
    const path = {} as { id: string };
    await assert.rejects(api.get("/v1/pitches/{id}", { params: { path } }), /"id"/);
    assert.equal(wire.requests.length, 0);
  });
});

Deno.test("the typed client reads answers", async (t) => {
  await t.step("a 304 resolves with no data, and header parameters are sent", async () => {
    const wire = recordingFetch(() =>
      new Response(null, { status: 304, headers: { etag: '"e"' } })
    );
    const api = createClient({ baseUrl: "https://api.example", fetch: wire.fetch });
    const answer = await api.get("/v1/pitches/{id}", {
      params: { path: { id: "pit_1" }, header: { "if-none-match": '"e"' } },
    });
    assert.equal(answer.status, 304);
    assert.equal(answer.data, undefined);
    assert.equal(wire.requests[0]?.headers.get("if-none-match"), '"e"');
  });

  await t.step("a problem+json answer throws ApiError with its members", async () => {
    const problem = {
      type: "https://api.example/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      detail: 'Policy "api-user" allows 600 requests a minute',
      instance: "urn:pitchey:request:req_1",
    };
    const wire = recordingFetch(() =>
      new Response(JSON.stringify(problem), {
        status: 429,
        headers: {
          "content-type": "application/problem+json",
          "retry-after": "12",
          "x-request-id": "req_1",
        },
      })
    );
    const error = await createClient({ baseUrl: "https://api.example", fetch: wire.fetch })
      .get("/v1/plans").then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ApiError, String(error));
    assert.deepEqual(error.problem, problem);
    assert.equal(error.slug, "rate-limited");
    assert.equal(error.retryAfterSeconds, 12);
    assert.equal(error.requestId, "req_1");
    assert.match(error.message, /429 Too many requests: Policy "api-user"/);
  });

  await t.step("an error answer that is not problem+json throws without a problem", async () => {
    const wire = recordingFetch(() =>
      new Response("<h1>Bad gateway</h1>", {
        status: 502,
        headers: { "content-type": "text/html" },
      })
    );
    const error = await createClient({ baseUrl: "https://api.example", fetch: wire.fetch })
      .get("/v1/plans").then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 502);
    assert.equal(error.problem, undefined);
    assert.equal(error.slug, undefined);
  });
});

Deno.test("pages() follows nextCursor and stops at the last page", async (t) => {
  await t.step("each page is asked for with the previous page's cursor", async () => {
    const wire = recordingFetch(
      json({ items: [{ id: "a" }], nextCursor: "c1" }),
      json({ items: [{ id: "b" }], nextCursor: "c2" }),
      json({ items: [], nextCursor: null }),
    );
    const api = createClient({ baseUrl: "https://api.example", fetch: wire.fetch });
    const seen: unknown[] = [];
    for await (const page of api.pages("/v1/me/saved", { params: { query: { limit: 1 } } })) {
      seen.push(page.items.length);
    }
    assert.deepEqual(seen, [1, 1, 0]);
    assert.deepEqual(wire.requests.map((request) => new URL(request.url).search), [
      "?limit=1",
      "?limit=1&cursor=c1",
      "?limit=1&cursor=c2",
    ]);
  });

  await t.step("breaking out of the loop fetches no further page", async () => {
    const wire = recordingFetch(json({ items: [{ id: "a" }], nextCursor: "c1" }));
    const api = createClient({ baseUrl: "https://api.example", fetch: wire.fetch });
    for await (const _page of api.pages("/v1/me/saved")) break;
    assert.equal(wire.requests.length, 1);
  });

  await t.step("a cursor handed back unchanged stops the loop with an error", async () => {
    const wire = recordingFetch(
      json({ items: [], nextCursor: "same" }),
      json({ items: [], nextCursor: "same" }),
    );
    const api = createClient({ baseUrl: "https://api.example", fetch: wire.fetch });
    await assert.rejects(async () => {
      for await (const _page of api.pages("/v1/me/saved")) { /* drain */ }
    }, /Cursor "same" repeated/);
  });
});

/**
 * Calls the document does not allow: `deno check` fails if any of them compiles (an unused
 * `@ts-expect-error` is an error). Never called; it exists for the type checker.
 */
export function callsTheTypesRefuse(api: ReturnType<typeof createClient>) {
  // @ts-expect-error the path parameter is required
  api.get("/v1/pitches/{id}");
  // @ts-expect-error "musical" is not a genre
  api.get("/v1/pitches", { params: { query: { genre: "musical" } } });
  // @ts-expect-error a GET takes no body
  api.get("/v1/pitches", { body: {} });
  // @ts-expect-error sign-up needs its body
  api.post("/v1/auth/signup");
  // @ts-expect-error the title is required
  api.post("/v1/pitches", { body: { logline: "L", genre: "drama", format: "short" } });
  // @ts-expect-error plans are not a paginated list
  api.pages("/v1/plans");
  // @ts-expect-error no such path
  api.get("/v1/nowhere");
}
