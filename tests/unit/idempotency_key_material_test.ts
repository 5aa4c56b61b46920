import assert from "node:assert/strict";
import { idempotencyKeyMaterial } from "../../src/services/idempotency/key_material.ts";

Deno.test("idempotency key material", async (t) => {
  const input = {
    userId: "usr_1",
    key: "8e03978e-40d5-43e8-bc93-6894a57f9324",
    body: '{"key":"pk_x"}',
  };

  await t.step("a sealed body opens with the same user and key, and hides the body", async () => {
    const sealed = await idempotencyKeyMaterial.seal(input);
    assert.ok(!sealed.includes("pk_x"), sealed);
    assert.equal(await idempotencyKeyMaterial.open({ ...input, sealed }), input.body);
  });

  await t.step("it does not open with another key or for another user", async () => {
    const sealed = await idempotencyKeyMaterial.seal(input);
    await assert.rejects(idempotencyKeyMaterial.open({ ...input, key: "other", sealed }));
    await assert.rejects(idempotencyKeyMaterial.open({ ...input, userId: "usr_2", sealed }));
  });

  await t.step("the digest is stable, hex, and not the key", () => {
    const digest = idempotencyKeyMaterial.digest(input.key);
    assert.match(digest, /^[0-9a-f]{64}$/);
    assert.equal(idempotencyKeyMaterial.digest(input.key), digest);
    assert.notEqual(idempotencyKeyMaterial.digest("other"), digest);
  });
});
