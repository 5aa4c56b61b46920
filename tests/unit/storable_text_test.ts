import assert from "node:assert/strict";
import { findUnstorableText, isStorableText } from "../../src/lib/storable_text.ts";

Deno.test("isStorableText", async (t) => {
  await t.step("accepts well-formed text, astral characters included", () => {
    for (const text of ["", "plain", "Ünïcode", "🎬 👩‍👩‍👧", "\u2028\ufeff", "\t\r\n"]) {
      assert.ok(isStorableText(text), JSON.stringify(text));
    }
  });

  await t.step("refuses NUL and unpaired surrogates anywhere in the text", () => {
    for (
      const text of ["\u0000", "a\u0000b", "\ud800", "x\udfff", "\udc00\ud800", "🎬".slice(0, 1)]
    ) {
      assert.ok(!isStorableText(text), JSON.stringify(text));
    }
  });
});

Deno.test("findUnstorableText", async (t) => {
  await t.step("returns the path of every bad string, in values and keys", () => {
    const found = findUnstorableText({
      title: "ok",
      tags: ["fine", "bad\u0000"],
      nested: { deeper: ["\ud800"] },
      ["key\u0000"]: 1,
    });
    assert.deepEqual(
      found.map((path) => path.join("/")).sort(),
      ["key\u0000", "nested/deeper/0", "tags/1"],
    );
  });

  await t.step("finds nothing in clean input, scalars and null", () => {
    for (const value of [{ a: "b", c: [1, true, null] }, "text", 5, null, undefined]) {
      assert.deepEqual(findUnstorableText(value), []);
    }
  });

  await t.step("walks 100,000 levels of nesting without overflowing the stack", () => {
    let value: unknown = "\u0000";
    for (let i = 0; i < 100_000; i += 1) value = [value];
    assert.equal(findUnstorableText(value)[0]?.length, 100_000);
  });

  await t.step("stops after the limit", () => {
    const value = Array.from({ length: 1_000 }, () => "\u0000");
    assert.equal(findUnstorableText(value, 20).length, 20);
  });
});
