import assert from "node:assert/strict";
import { constantTimeEqual, randomToken, sha256Hex } from "../../src/lib/secure_tokens.ts";

Deno.test("randomToken", async (t) => {
  await t.step("keeps the prefix and encodes 32 bytes as 43 base64url characters", () => {
    const token = randomToken("pk_");
    assert.ok(token.startsWith("pk_"), token);
    assert.equal(token.length, "pk_".length + 43, token);
  });

  await t.step("uses only base64url characters after the prefix, with no padding", () => {
    for (let i = 0; i < 200; i++) {
      const body = randomToken("sess_").slice("sess_".length);
      assert.match(body, /^[A-Za-z0-9_-]+$/);
    }
  });

  await t.step("encodes a custom byte count without padding", () => {
    assert.equal(randomToken("", 16).length, 22);
    assert.equal(randomToken("", 33).length, 44);
  });

  await t.step("gives 1,000 distinct tokens", () => {
    const tokens = new Set(Array.from({ length: 1_000 }, () => randomToken("pk_")));
    assert.equal(tokens.size, 1_000);
  });

  await t.step("rejects fewer than 16 bytes (128 bits)", () => {
    assert.throws(() => randomToken("pk_", 15), RangeError);
    assert.throws(() => randomToken("pk_", 16.5), RangeError);
  });
});

Deno.test("sha256Hex", async (t) => {
  await t.step('matches the known digest of "abc"', () => {
    assert.equal(
      sha256Hex("abc"),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  await t.step("hashes the empty string to the known digest", () => {
    assert.equal(
      sha256Hex(""),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

Deno.test("constantTimeEqual", async (t) => {
  await t.step("is true for equal strings, including empty ones", () => {
    assert.equal(constantTimeEqual("abc", "abc"), true);
    assert.equal(constantTimeEqual("", ""), true);
  });

  await t.step("is false when any character differs, first or last", () => {
    assert.equal(constantTimeEqual("abc", "xbc"), false);
    assert.equal(constantTimeEqual("abc", "abx"), false);
  });

  await t.step("is false for different lengths, whichever side is longer", () => {
    assert.equal(constantTimeEqual("abc", "abcd"), false);
    assert.equal(constantTimeEqual("abcd", "abc"), false);
    assert.equal(constantTimeEqual("", "a"), false);
  });
});
