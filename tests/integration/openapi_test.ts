import assert from "node:assert/strict";
import { expectJson } from "../support/assertions.ts";
import { createHarness, TEST_PUBLIC_URL } from "../support/harness.ts";

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, unknown>>;
}

Deno.test("the API documents itself", async (t) => {
  const h = await createHarness();
  try {
    await t.step("GET /openapi.json is an OpenAPI 3.1 document of the mounted routes", async () => {
      const doc = await expectJson<OpenApiDocument>(await h.app.request("/openapi.json"), 200);
      assert.equal(doc.openapi, "3.1.0");
      assert.equal(doc.info.title, "Pitchey API");
      assert.deepEqual(doc.servers, [{ url: TEST_PUBLIC_URL }]);
      assert.ok(doc.paths["/health"]?.get, Object.keys(doc.paths).join(", "));
      assert.ok(doc.paths["/health/ready"]?.get);
      assert.ok(doc.paths["/jobs/{name}"]?.post);
    });

    await t.step("every documented operation has a summary and responses", async () => {
      const doc = await expectJson<OpenApiDocument>(await h.app.request("/openapi.json"), 200);
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const op = operation as { summary?: string; responses?: object };
          assert.ok(op.summary, `${method} ${path} has no summary`);
          assert.ok(op.responses && Object.keys(op.responses).length > 0, `${method} ${path}`);
        }
      }
    });

    await t.step("GET /docs renders the reference from /openapi.json", async () => {
      const response = await h.app.request("/docs");
      const html = await response.text();
      assert.equal(response.status, 200, html);
      assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(html, /<script src="\/docs\/assets\/[0-9a-f]+\/init\.js">/);
      assert.match(response.headers.get("content-security-policy") ?? "", /script-src/);
    });
  } finally {
    await h.close();
  }
});
