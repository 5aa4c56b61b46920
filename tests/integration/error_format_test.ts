import assert from "node:assert/strict";
import { MAX_BODY_BYTES } from "../../src/app.ts";
import { assertProblem } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { INTERNAL_SECRET, testRoutes } from "../support/test_routes.ts";

const json = (body: unknown, init: RequestInit = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
  ...init,
});

Deno.test("every error is an RFC 9457 problem document", async (t) => {
  const h = await createHarness();
  h.app.route("/", testRoutes());
  try {
    await t.step("an unknown route is a 404 problem naming the path", async () => {
      const problem = await assertProblem(await h.app.request("/no/such/route"), 404, "not-found");
      assert.match(problem.detail, /"\/no\/such\/route"/);
    });

    await t.step("a known path with the wrong method is a 405 with Allow", async () => {
      const response = await h.app.request("/health", { method: "DELETE" });
      const allow = response.headers.get("allow");
      const problem = await assertProblem(response, 405, "method-not-allowed");
      assert.equal(allow, "GET, HEAD, OPTIONS");
      assert.match(problem.detail, /"DELETE"/);
    });

    await t.step("a parameterised path with the wrong method is a 405 too", async () => {
      const response = await h.app.request("/jobs/send-email", { method: "GET" });
      assert.equal(response.headers.get("allow"), "OPTIONS, POST");
      await assertProblem(response, 405, "method-not-allowed");
    });

    await t.step("a body over 1 MiB is a 413, declared or not", async () => {
      const big = JSON.stringify({ title: "x".repeat(MAX_BODY_BYTES) });
      await assertProblem(
        await h.app.request("/__test/raw", json(undefined, { body: big })),
        413,
        "payload-too-large",
      );
      const declared = await h.app.request("/__test/raw", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      });
      await assertProblem(declared, 413, "payload-too-large");
    });

    await t.step("a body just under the limit is accepted", async () => {
      const body = "x".repeat(MAX_BODY_BYTES - 10);
      const response = await h.app.request("/__test/raw", json(undefined, { body }));
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(await response.json(), { bytes: body.length });
    });

    await t.step("a mutating request with a non-JSON body is a 415", async () => {
      for (
        const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
      ) {
        const response = await h.app.request("/__test/echo/abc", {
          method: "POST",
          headers: { "content-type": type },
          body: "title=x",
        });
        const problem = await assertProblem(response, 415, "unsupported-media-type");
        assert.match(problem.detail, new RegExp(`"${type}"`));
      }
    });

    await t.step("a JSON media type with parameters or a +json suffix is accepted", async () => {
      for (const type of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
        const response = await h.app.request("/__test/raw", {
          method: "POST",
          headers: { "content-type": type },
          body: "{}",
        });
        assert.equal(response.status, 200, `${type}: ${await response.text()}`);
      }
    });

    await t.step("invalid input is a 422 listing JSON pointers and parameters", async () => {
      const response = await h.app.request(
        "/__test/echo/abc",
        json({ title: "far too long", nested: { count: 1.5 }, role: "admin" }),
      );
      const problem = await assertProblem(response, 422, "validation-failed");
      const errors = problem.errors as Array<Record<string, string>>;
      const pointers = errors.filter((e) => e.pointer).map((e) => e.pointer).sort();
      assert.deepEqual(pointers, ["/nested/count", "/role", "/title"], JSON.stringify(errors));
      const role = errors.find((e) => e.pointer === "/role");
      assert.equal(role?.detail, "Unknown field");
    });

    await t.step("invalid path and query parameters are named with their location", async () => {
      const query = await h.app.request("/__test/echo/abc?limit=0", json({ title: "ok" }));
      const queryProblem = await assertProblem(query, 422, "validation-failed");
      assert.deepEqual(
        (queryProblem.errors as Array<Record<string, string>>).map((e) => [e.in, e.parameter]),
        [["query", "limit"]],
      );
      const path = await h.app.request("/__test/echo/ABC", json({ title: "ok" }));
      const pathProblem = await assertProblem(path, 422, "validation-failed");
      assert.deepEqual(
        (pathProblem.errors as Array<Record<string, string>>).map((e) => [e.in, e.parameter]),
        [["path", "id"]],
      );
    });

    await t.step("a missing required field is reported as required", async () => {
      const response = await h.app.request("/__test/echo/abc", json({}));
      const problem = await assertProblem(response, 422, "validation-failed");
      assert.deepEqual(problem.errors, [{ pointer: "/title", detail: "Required" }]);
    });

    await t.step("a value of the wrong type is reported once, with its type", async () => {
      // zod also runs length checks on anything with a length: an array where a short string
      // belongs was "too long" as well, two errors for one field.
      const response = await h.app.request(
        "/__test/echo/abc",
        json({ title: ["a", "b", "c", "d", "e", "f"] }),
      );
      const problem = await assertProblem(response, 422, "validation-failed");
      assert.deepEqual(problem.errors, [{
        pointer: "/title",
        detail: "Expected a string, got an array",
      }]);
    });

    await t.step("malformed JSON is a 400 problem", async () => {
      const response = await h.app.request("/__test/echo/abc", json(undefined, { body: "{oops" }));
      await assertProblem(response, 400, "malformed-json");
    });

    await t.step("an unexpected failure is a 500 that hides the cause and logs it", async () => {
      const response = await h.app.request("/__test/boom");
      const requestId = response.headers.get("x-request-id");
      const text = await response.clone().text();
      const problem = await assertProblem(response, 500, "internal");
      assert.ok(!text.includes("hunter2") && !text.includes("Connection to"), text);
      assert.ok(problem.detail.includes(requestId ?? "missing"), problem.detail);
      const logged = h.logger.lines.find((l) => l.message === "Unhandled error");
      assert.ok(logged, "the failure is logged");
      assert.equal(logged.requestId, requestId);
      assert.ok(String(logged.stack).includes("Connection to"), "the log keeps the stack");
      const requestLine = h.logger.lines.find((l) => l.message === "request" && l.status === 500);
      assert.ok(requestLine && !JSON.stringify(requestLine).includes(INTERNAL_SECRET));
    });

    await t.step("problem types resolve to a description", async () => {
      const response = await h.app.request("/problems/validation-failed");
      assert.equal(response.status, 200);
      const { description, ...page } = await response.json();
      assert.deepEqual(page, {
        type: "validation-failed",
        status: 422,
        title: "Validation failed",
      });
      assert.match(description, /`errors`/, "the description tells what the extension holds");
      await assertProblem(await h.app.request("/problems/nope"), 404, "not-found");
      // Inherited names are not problem types: a plain `in` lookup would have found them.
      for (const slug of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        await assertProblem(await h.app.request(`/problems/${slug}`), 404, "not-found");
      }
    });
  } finally {
    await h.close();
  }
});
