import assert from "node:assert/strict";
import { createHmacSigner } from "../../src/adapters/signer/hmac_signer.ts";
import {
  readUnsubscribeToken,
  signUnsubscribeToken,
} from "../../src/services/email/unsubscribe_token.ts";

const ctx = { signer: createHmacSigner({ secret: "unit-test-secret-of-32-characters!!" }) };

Deno.test("unsubscribe tokens", async (t) => {
  const input = { userId: "usr_abc123", category: "new-follower" as const };
  const token = await signUnsubscribeToken({ ctx, input });

  await t.step("read back to their user and category", async () => {
    assert.match(token, /^usr_abc123\.new-follower\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await readUnsubscribeToken({ ctx, input: { token } }), input);
  });

  await t.step("refuse another user, category, signature or secret", async () => {
    const signature = token.split(".")[2]!;
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    const other = { signer: createHmacSigner({ secret: "another-secret-of-32-characters!!!!" }) };
    for (
      const bad of [
        `usr_other.new-follower.${signature}`,
        `usr_abc123.weekly-digest.${signature}`,
        `usr_abc123.new-follower.${flipped}`,
        `usr_abc123.security.${signature}`,
        "usr_abc123.new-follower",
        "",
      ]
    ) {
      assert.equal(await readUnsubscribeToken({ ctx, input: { token: bad } }), undefined, bad);
    }
    assert.equal(await readUnsubscribeToken({ ctx: other, input: { token } }), undefined);
  });

  await t.step("a signature for one purpose never verifies for another", async () => {
    const signature = await ctx.signer.sign("unsubscribe", "x");
    assert.equal(await ctx.signer.verify("other-purpose", "x", signature), false);
    assert.equal(await ctx.signer.verify("unsubscribe", "x", signature), true);
  });
});
