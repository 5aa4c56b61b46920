import assert from "node:assert/strict";
import { parseIdempotencyKey } from "../../src/http/idempotency_key_header.ts";
import { BadRequestError } from "../../src/ports/errors.ts";

Deno.test("parseIdempotencyKey", async (t) => {
  await t.step("takes a bare value as the key", () => {
    assert.equal(
      parseIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324"),
      "8e03978e-40d5-43e8-bc93-6894a57f9324",
    );
    assert.equal(parseIdempotencyKey("a!#$%&'*+.^_`|~;=,/"), "a!#$%&'*+.^_`|~;=,/");
  });

  await t.step("takes an RFC 8941 string as its content, escapes undone", () => {
    assert.equal(parseIdempotencyKey('"8e03978e"'), "8e03978e");
    assert.equal(parseIdempotencyKey('"with space"'), "with space");
    assert.equal(parseIdempotencyKey('"a\\"b\\\\c"'), 'a"b\\c');
  });

  await t.step("accepts 255 characters and refuses 256, bare or quoted", () => {
    assert.equal(parseIdempotencyKey("k".repeat(255)).length, 255);
    assert.equal(parseIdempotencyKey(`"${"k".repeat(255)}"`).length, 255);
    for (const value of ["k".repeat(256), `"${"k".repeat(256)}"`]) {
      assert.throws(() => parseIdempotencyKey(value), BadRequestError, value.slice(0, 10));
    }
  });

  await t.step("refuses empty, spaced, non-ASCII, control and malformed quoted values", () => {
    const bad = [
      "",
      '""',
      "two words",
      "caf\u00e9",
      "tab\there",
      "nul\0",
      '"open',
      '"a"b',
      '"a", "b"',
      '"bad\\escape"',
    ];
    for (const value of bad) {
      assert.throws(() => parseIdempotencyKey(value), BadRequestError, JSON.stringify(value));
    }
  });

  await t.step(
    "the refusal names the header and what is expected, without echoing the value",
    () => {
      let message = "";
      try {
        parseIdempotencyKey("secret value");
      } catch (error) {
        message = (error as Error).message;
      }
      assert.match(message, /^Idempotency-Key must be one value of 1-255 visible ASCII/, message);
      assert.ok(!message.includes("secret"), message);
    },
  );
});
