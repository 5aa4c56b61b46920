import assert from "node:assert/strict";
import { createContractChecker, type DocumentLike } from "../support/openapi_contract.ts";

const doc: DocumentLike = {
  paths: {
    "/things/{id}": {
      get: {
        responses: {
          "200": {
            headers: { "X-Request-Id": { $ref: "#/components/headers/XRequestId" } },
            content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
          },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
    },
    "/things/mine": { get: { responses: { "204": {} } } },
  },
  components: {
    headers: { XRequestId: { required: true, schema: { type: "string" } } },
    responses: {
      NotFound: { content: { "application/problem+json": { schema: { type: "object" } } } },
    },
    schemas: {
      Thing: {
        type: "object",
        properties: { id: { type: "string" }, at: { type: "string", format: "date-time" } },
        required: ["id", "at"],
      } as unknown as Record<string, unknown>,
    },
  } as DocumentLike["components"],
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req_1", ...headers },
  });

Deno.test("the contract checker", async (t) => {
  await t.step("accepts a response that matches the document", async () => {
    const checker = createContractChecker(doc);
    await checker.check("get", "/things/{id}", json({ id: "t1", at: "2026-01-01T00:00:00Z" }));
    assert.deepEqual(checker.unexercised(), ["GET /things/mine"]);
  });

  await t.step("refuses an undocumented status", async () => {
    const checker = createContractChecker(doc);
    await assert.rejects(checker.check("get", "/things/{id}", json({}, 500)), /undocumented 500/);
  });

  await t.step("refuses a body off its schema, formats included", async () => {
    const checker = createContractChecker(doc);
    await assert.rejects(checker.check("get", "/things/{id}", json({ id: "t1" })), /required/);
    await assert.rejects(
      checker.check("get", "/things/{id}", json({ id: "t1", at: "yesterday" })),
      /date-time/,
    );
  });

  await t.step("refuses a missing required header and an undocumented content type", async () => {
    const checker = createContractChecker(doc);
    const bare = new Response(JSON.stringify({ id: "t1", at: "2026-01-01T00:00:00Z" }), {
      headers: { "content-type": "application/json" },
    });
    await assert.rejects(checker.check("get", "/things/{id}", bare), /X-Request-Id/);
    const html = new Response("<p>", { status: 404, headers: { "content-type": "text/html" } });
    await assert.rejects(checker.check("get", "/things/{id}", html), /text\/html/);
  });

  await t.step("observe matches literal paths before templates", async () => {
    const checker = createContractChecker(doc);
    const app = { request: (_input: string) => new Response(null, { status: 204 }) };
    checker.observe(app);
    await app.request("/things/mine");
    assert.deepEqual([...checker.exercised], ["GET /things/mine"]);
  });
});
