import assert from "node:assert/strict";
import { cachedJsonAnswer, jsonAnswer, notModifiedAnswer } from "../../src/http/json_answer.ts";

Deno.test("jsonAnswer, notModifiedAnswer and cachedJsonAnswer", async (t) => {
  await t.step("a 200 with the JSON, its content type and the given headers", async () => {
    const response = jsonAnswer({ a: 1, b: "x" }, { etag: '"v1"', "cache-control": "no-store" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.equal(response.headers.get("etag"), '"v1"');
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), { a: 1, b: "x" });
  });

  await t.step("a known JSON text is sent as given", async () => {
    const response = jsonAnswer({ a: 1 }, {}, '{"a":1}');
    assert.equal(await response.text(), '{"a":1}');
  });

  await t.step("headers set later by middleware add to the answer's own", () => {
    const response = jsonAnswer({}, { vary: "Authorization, Cookie" });
    response.headers.append("vary", "Origin");
    response.headers.set("x-request-id", "req_1");
    assert.equal(response.headers.get("vary"), "Authorization, Cookie, Origin");
    assert.equal(response.headers.get("x-request-id"), "req_1");
    assert.equal(response.headers.get("content-type"), "application/json");
  });

  await t.step("a 304 carries the validators and no body", async () => {
    const response = notModifiedAnswer({ etag: '"v1"', vary: "Authorization, Cookie" });
    assert.equal(response.status, 304);
    assert.equal(response.headers.get("etag"), '"v1"');
    assert.equal(response.headers.get("content-type"), null);
    assert.equal(await response.text(), "");
  });

  await t.step("a cached object: 304 when If-None-Match matches its ETag, weakly too", async () => {
    const value = { id: "pit_1" };
    const headers = { etag: '"abc"', "cache-control": "public, max-age=30" };
    for (const condition of ['"abc"', 'W/"abc"', '"x", "abc"', "*"]) {
      const response = cachedJsonAnswer(value, headers, condition);
      assert.equal(response.status, 304, condition);
      assert.equal(response.headers.get("etag"), '"abc"');
      assert.equal(response.headers.get("cache-control"), "public, max-age=30");
    }
    for (const condition of [undefined, '"other"']) {
      const response = cachedJsonAnswer(value, headers, condition);
      assert.equal(response.status, 200, String(condition));
      assert.equal(response.headers.get("etag"), '"abc"');
      assert.deepEqual(await response.json(), value);
    }
  });
});
