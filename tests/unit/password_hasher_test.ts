import assert from "node:assert/strict";
import {
  createPbkdf2PasswordHasher,
  deriveKey,
  OWASP_PBKDF2_ITERATIONS,
} from "../../src/adapters/password_hasher/pbkdf2_password_hasher.ts";

// A few thousand iterations keep the suite fast; one step below runs the production setting.
const TEST_ITERATIONS = 2_000;
const hasher = createPbkdf2PasswordHasher({ iterations: TEST_ITERATIONS });

function decodedLength(base64: string | undefined): number {
  return atob(base64 ?? "").length;
}

Deno.test("createPbkdf2PasswordHasher", async (t) => {
  await t.step("verifies the password it hashed, without asking for a rehash", async () => {
    const stored = await hasher.hash("correct horse battery staple");
    const result = await hasher.verify("correct horse battery staple", stored);
    assert.deepEqual(result, { ok: true, needsRehash: false }, stored);
  });

  await t.step("rejects a wrong password", async () => {
    const stored = await hasher.hash("correct horse battery staple");
    const result = await hasher.verify("correct horse battery stapler", stored);
    assert.deepEqual(result, { ok: false, needsRehash: false }, stored);
  });

  await t.step("salts: the same password hashes to different strings", async () => {
    const first = await hasher.hash("same password");
    const second = await hasher.hash("same password");
    assert.notEqual(first, second);
  });

  await t.step("stores algorithm, iterations, a 16-byte salt and a 32-byte key", async () => {
    const stored = await hasher.hash("format check");
    const fields = stored.split("$");
    assert.equal(fields.length, 4, stored);
    assert.equal(fields[0], "pbkdf2-sha256", stored);
    assert.equal(fields[1], String(TEST_ITERATIONS), stored);
    assert.equal(decodedLength(fields[2]), 16, stored);
    assert.equal(decodedLength(fields[3]), 32, stored);
  });

  await t.step('matches NFC and NFD forms of "café" against each other', async () => {
    const nfc = "caf\u00e9";
    const nfd = "cafe\u0301";
    assert.notEqual(nfc, nfd);
    assert.equal((await hasher.verify(nfd, await hasher.hash(nfc))).ok, true);
    assert.equal((await hasher.verify(nfc, await hasher.hash(nfd))).ok, true);
  });

  await t.step("accepts a hash with fewer iterations and asks for a rehash", async () => {
    const older = createPbkdf2PasswordHasher({ iterations: 1_000 });
    const stored = await older.hash("upgrade me");
    assert.deepEqual(await hasher.verify("upgrade me", stored), { ok: true, needsRehash: true });
    assert.deepEqual(await hasher.verify("not me", stored), { ok: false, needsRehash: false });

    const rehashed = await hasher.hash("upgrade me");
    assert.equal(rehashed.split("$")[1], String(TEST_ITERATIONS), rehashed);
    assert.deepEqual(await hasher.verify("upgrade me", rehashed), { ok: true, needsRehash: false });
  });

  await t.step("does not ask a hash with more iterations to be weakened", async () => {
    const stronger = createPbkdf2PasswordHasher({ iterations: 3_000 });
    const stored = await stronger.hash("keep me");
    assert.deepEqual(await hasher.verify("keep me", stored), { ok: true, needsRehash: false });
  });

  await t.step("returns ok false without throwing for malformed stored values", async () => {
    const valid = await hasher.hash("pw");
    const [, , salt, key] = valid.split("$");
    // Control: the parts below are good, so each failure comes from the one field changed.
    assert.equal((await hasher.verify("pw", valid)).ok, true, valid);
    const malformed = {
      empty: "",
      plain: "plain",
      "too few fields": `pbkdf2-sha256$2000$${salt}`,
      "too many fields": `${valid}$extra`,
      "non-numeric iterations": `pbkdf2-sha256$lots$${salt}$${key}`,
      "zero iterations": `pbkdf2-sha256$0$${salt}$${key}`,
      "absurd iterations": `pbkdf2-sha256$99999999$${salt}$${key}`,
      "bad base64 salt": `pbkdf2-sha256$2000$not*base64!$${key}`,
      "bad base64 key": `pbkdf2-sha256$2000$${salt}$%%%%`,
      "short salt": `pbkdf2-sha256$2000$${btoa("short")}$${key}`,
      "other algorithm": `bcrypt$2000$${salt}$${key}`,
    };
    for (const [name, stored] of Object.entries(malformed)) {
      const result = await hasher.verify("pw", stored);
      assert.deepEqual(result, { ok: false, needsRehash: false }, `${name}: ${stored}`);
    }
  });

  await t.step("verifyDummy resolves", async () => {
    assert.equal(await hasher.verifyDummy("anything"), undefined);
  });

  await t.step("rejects fewer than 1,000 iterations at construction", () => {
    assert.throws(() => createPbkdf2PasswordHasher({ iterations: 999 }), RangeError);
    assert.throws(() => createPbkdf2PasswordHasher({ iterations: 1_500.5 }), RangeError);
  });

  await t.step("hashes and verifies at the production 600,000 iterations", async () => {
    const production = createPbkdf2PasswordHasher({ iterations: OWASP_PBKDF2_ITERATIONS });
    const stored = await production.hash("production parameters");
    assert.equal(stored.split("$")[1], "600000", stored);
    const result = await production.verify("production parameters", stored);
    assert.deepEqual(result, { ok: true, needsRehash: false }, stored);
  });
});

Deno.test("every verification costs the current parameters' work", async (t) => {
  let spent = 0;
  const derive: typeof deriveKey = (password, salt, iterations) => {
    spent += iterations;
    return deriveKey(password, salt, iterations);
  };
  const current = createPbkdf2PasswordHasher({ iterations: 4_000, derive });
  const older = await createPbkdf2PasswordHasher({ iterations: 1_000 }).hash("an old password");
  const measure = async (work: () => Promise<unknown>) => {
    spent = 0;
    await work();
    return spent;
  };

  await t.step("an unknown email (the dummy check) spends the current iterations", async () => {
    assert.equal(await measure(() => current.verifyDummy("guess")), 4_000);
  });
  await t.step("a wrong password against an older, cheaper hash spends as much", async () => {
    assert.equal(await measure(() => current.verify("guess", older)), 4_000);
  });
  await t.step("a right password against an older hash spends as much too", async () => {
    assert.equal(await measure(() => current.verify("an old password", older)), 4_000);
  });
  await t.step("a malformed stored value spends as much", async () => {
    assert.equal(await measure(() => current.verify("guess", "not-a-hash")), 4_000);
  });
});
