import assert from "node:assert/strict";
import { CANONICAL_JSON_MAX_DEPTH, canonicalJson } from "../../src/lib/canonical_json.ts";

Deno.test("canonicalJson", async (t) => {
  await t.step("sorts keys at every depth and keeps array order", () => {
    const a = JSON.parse('{ "b": [2, {"y": 1, "x": null}], "a": "s" }');
    const b = JSON.parse('{"a":"s","b":[2,{"x":null,"y":1}]}');
    assert.equal(canonicalJson(a), '{"a":"s","b":[2,{"x":null,"y":1}]}');
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });

  await t.step("tells apart values that differ only in type", () => {
    assert.notEqual(canonicalJson({ n: 1 }), canonicalJson({ n: "1" }));
    assert.notEqual(canonicalJson({ n: null }), canonicalJson({}));
  });

  await t.step(
    "refuses a value nested deeper than the bound instead of exhausting the stack",
    () => {
      const deep = JSON.parse(
        "[".repeat(CANONICAL_JSON_MAX_DEPTH + 2) + "]".repeat(CANONICAL_JSON_MAX_DEPTH + 2),
      );
      assert.throws(() => canonicalJson(deep), RangeError);
      const bounded = JSON.parse(
        "[".repeat(CANONICAL_JSON_MAX_DEPTH) + "]".repeat(CANONICAL_JSON_MAX_DEPTH),
      );
      assert.equal(canonicalJson(bounded).length, CANONICAL_JSON_MAX_DEPTH * 2);
    },
  );
});
