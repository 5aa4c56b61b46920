import assert from "node:assert/strict";
import { createKeyJoiner } from "../../src/lib/joined_keys.ts";
import { createDigestMemo } from "../../src/lib/digest_memo.ts";
import { sha256Hex } from "../../src/lib/secure_tokens.ts";

Deno.test("hot-path key memos", async (t) => {
  await t.step("a joined key is prefix, separator and key, the same text every time", () => {
    const join = createKeyJoiner(":", 3);
    assert.equal(join("principal", "abc"), "principal:abc");
    assert.equal(join("principal", "abc"), "principal:abc");
    assert.equal(join("usage", "abc"), "usage:abc");
  });

  await t.step("past its bound the joiner starts again and still joins correctly", () => {
    const join = createKeyJoiner("\u0000", 2);
    const keys = ["a", "b", "c", "d", "a", "e"];
    for (const key of keys) assert.equal(join("api-ip", key), `api-ip\u0000${key}`);
    // Two prefixes whose texts could run together stay apart: the separator is always there.
    assert.notEqual(join("ab", "c"), join("a", "bc"));
  });

  await t.step("a digest memo answers SHA-256, before and after it fills up", () => {
    const digest = createDigestMemo(2);
    for (const text of ["u:1", "u:2", "u:3", "u:1", "a:10.0.0.1", "u:2"]) {
      assert.equal(digest(text), sha256Hex(text));
    }
  });
});
