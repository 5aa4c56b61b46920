import assert from "node:assert/strict";
import { TrieRouter } from "hono/router/trie-router";
import { MemoRouter } from "../../src/http/memo_router.ts";

const ROUTES: [string, string, string][] = [
  ["ALL", "*", "everywhere"],
  ["GET", "/v1/pitches", "list"],
  ["GET", "/v1/pitches/search", "search"],
  ["GET", "/v1/pitches/:id", "one"],
  ["POST", "/jobs/_failed", "failed"],
  ["POST", "/jobs/:name", "job"],
];

function routers(entries = 4) {
  const plain = new TrieRouter<string>();
  const memo = new MemoRouter<string>(new TrieRouter<string>(), entries);
  for (const [method, path, handler] of ROUTES) {
    plain.add(method, path, handler);
    memo.add(method, path, handler);
  }
  return { plain, memo };
}

/** Handlers and their parameters, the parts of a match Hono reads. */
function shape(result: ReturnType<TrieRouter<string>["match"]>) {
  return result[0].map(([handler, params]) => [handler, { ...params }]);
}

Deno.test("MemoRouter", async (t) => {
  await t.step("answers as the router it wraps, first time and remembered", () => {
    const { plain, memo } = routers(100);
    const asks: [string, string][] = [
      ["GET", "/v1/pitches"],
      ["GET", "/v1/pitches/search"],
      ["GET", "/v1/pitches/pit_a"],
      ["GET", "/v1/pitches/pit_b"],
      ["POST", "/jobs/_failed"],
      ["POST", "/jobs/send-email"],
      ["DELETE", "/v1/pitches/pit_a"],
      ["GET", "/nowhere"],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [method, path] of asks) {
        assert.deepEqual(shape(memo.match(method, path)), shape(plain.match(method, path)), path);
      }
    }
  });

  await t.step("each path keeps its own parameters", () => {
    const { memo } = routers(100);
    const a = memo.match("GET", "/v1/pitches/pit_a");
    const b = memo.match("GET", "/v1/pitches/pit_b");
    assert.equal(memo.match("GET", "/v1/pitches/pit_a"), a, "the remembered result");
    assert.deepEqual(shape(a)[1], ["one", { id: "pit_a" }]);
    assert.deepEqual(shape(b)[1], ["one", { id: "pit_b" }]);
    assert.notEqual(memo.match("POST", "/v1/pitches/pit_a"), a, "the method is part of the key");
  });

  await t.step("holds at most its entries, and never a long path", () => {
    const { memo } = routers(4);
    for (let i = 0; i < 10; i++) memo.match("GET", `/v1/pitches/pit_${i}`);
    assert.equal(memo.size, 4);
    const { memo: fresh } = routers(4);
    const long = `/v1/pitches/${"x".repeat(300)}`;
    assert.deepEqual(shape(fresh.match("GET", long))[1], ["one", { id: "x".repeat(300) }]);
    assert.equal(fresh.size, 0);
  });

  await t.step("a route added later is found (the memo is dropped)", () => {
    const { memo } = routers(100);
    assert.deepEqual(shape(memo.match("GET", "/v1/plans")).map(([h]) => h), ["everywhere"]);
    memo.add("GET", "/v1/plans", "plans");
    assert.deepEqual(shape(memo.match("GET", "/v1/plans")).map(([h]) => h), [
      "everywhere",
      "plans",
    ]);
  });
});
