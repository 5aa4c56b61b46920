import assert from "node:assert/strict";
import { jsonText, oncePerObject } from "../../src/http/json_once.ts";

Deno.test("oncePerObject computes once per object and apart for each object", () => {
  let calls = 0;
  const size = oncePerObject((value) => {
    calls += 1;
    return Object.keys(value).length;
  });
  const a = { x: 1 };
  const b = { x: 1, y: 2 };
  assert.equal(size(a), 1);
  assert.equal(size(a), 1);
  assert.equal(size(b), 2);
  assert.equal(calls, 2);
});

Deno.test("jsonText is JSON.stringify, remembered for the same object only", () => {
  const page = { items: [{ id: "pit_1", title: "A \u2028 title" }], nextCursor: null };
  assert.equal(jsonText(page), JSON.stringify(page));
  assert.equal(jsonText(page), jsonText(page));
  const changed = { ...page, nextCursor: "c1" };
  assert.equal(jsonText(changed), JSON.stringify(changed), "a new object gets its own text");
});
