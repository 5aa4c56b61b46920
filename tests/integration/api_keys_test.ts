import assert from "node:assert/strict";
import { apiKeys } from "../../src/db/tables/credentials.ts";
import { sha256Hex } from "../../src/lib/secure_tokens.ts";
import { MAX_ACTIVE_API_KEYS } from "../../src/services/accounts/create_api_key.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  key: string;
}

interface ListedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

const LISTED_FIELDS = ["createdAt", "id", "lastUsedAt", "name", "prefix", "scopes"];

Deno.test("/v1/me/api-keys", async (t) => {
  const h = await createHarness();
  /** Every full key the API handed out, to prove none of them is stored or listed. */
  const issued: string[] = [];

  const create = async (user: TestUser, body: unknown): Promise<CreatedKey> => {
    const response = await h.app.request("/v1/me/api-keys", jsonRequest("POST", body, user.token));
    const created = await expectJson<CreatedKey>(response, 201);
    issued.push(created.key);
    return created;
  };
  const list = async (user: TestUser): Promise<{ text: string; items: ListedKey[] }> => {
    const response = await h.app.request("/v1/me/api-keys", bearer(user.token));
    const text = await response.text();
    assert.equal(response.status, 200, text);
    return { text, items: (JSON.parse(text) as { items: ListedKey[] }).items };
  };
  const revoke = (token: string, id: string) =>
    h.app.request(`/v1/me/api-keys/${id}`, jsonRequest("DELETE", undefined, token));
  const me = (token: string) => h.app.request("/v1/me", bearer(token));

  try {
    const user = await signUpUser(h, { verified: true });
    const other = await signUpUser(h, { verified: true });
    let readKey: CreatedKey;
    let writeKey: CreatedKey;

    await t.step("POST creates a read-only key and shows the full key once", async () => {
      const response = await h.app.request(
        "/v1/me/api-keys",
        jsonRequest("POST", { name: "  Reporting  ", scopes: ["read"] }, user.token),
      );
      assert.equal(response.headers.get("cache-control"), "no-store");
      readKey = await expectJson<CreatedKey>(response, 201);
      issued.push(readKey.key);
      assert.deepEqual(
        Object.keys(readKey).sort(),
        ["createdAt", "id", "key", "name", "prefix", "scopes"],
        JSON.stringify(readKey),
      );
      assert.match(readKey.key, /^pk_[A-Za-z0-9_-]{43}$/);
      assert.equal(readKey.prefix, readKey.key.slice(0, 12));
      assert.equal(readKey.name, "Reporting");
      assert.deepEqual(readKey.scopes, ["read"]);
      assert.equal(readKey.createdAt, new Date(h.clock.now()).toISOString());
    });

    await t.step("POST creates a read+write key, scopes in canonical order", async () => {
      h.clock.advance(1_000);
      writeKey = await create(user, { name: "Deploys", scopes: ["write", "read"] });
      assert.deepEqual(writeKey.scopes, ["read", "write"]);
      assert.notEqual(writeKey.key, readKey.key);
    });

    await t.step("GET lists active keys newest first and never the key or its digest", async () => {
      const { text, items } = await list(user);
      assert.deepEqual(items.map((k) => k.id), [writeKey.id, readKey.id], text);
      for (const item of items) {
        assert.deepEqual(Object.keys(item).sort(), LISTED_FIELDS, text);
        assert.equal(item.lastUsedAt, null, text);
      }
      assert.equal(items[1]?.prefix, readKey.prefix);
      for (const key of [readKey.key, writeKey.key]) {
        assert.ok(!text.includes(key), `the list shows a key: ${text}`);
        assert.ok(!text.includes(sha256Hex(key)), `the list shows a digest: ${text}`);
      }
    });

    await t.step("a key authenticates GET /v1/me as a bearer token", async () => {
      for (const created of [readKey, writeKey]) {
        const account = await expectJson(await me(created.key), 200);
        assert.equal(account.id, user.id);
      }
    });

    await t.step("use is recorded in lastUsedAt, at most hourly", async () => {
      h.clock.advance(2 * 60 * 60_000);
      await expectJson(await me(readKey.key), 200);
      await h.deps.background.drain();
      const { items } = await list(user);
      const listed = items.find((k) => k.id === readKey.id);
      assert.equal(listed?.lastUsedAt, new Date(h.clock.now()).toISOString());
    });

    await t.step("a read-only key is refused on PATCH /v1/me; a read+write key may", async () => {
      const body = { bio: "Set by a key" };
      const refused = await h.app.request("/v1/me", jsonRequest("PATCH", body, readKey.key));
      const problem = await assertProblem(refused, 403, "forbidden");
      assert.match(problem.detail, new RegExp(`"${readKey.id}" is read-only`));
      const allowed = await h.app.request("/v1/me", jsonRequest("PATCH", body, writeKey.key));
      assert.equal((await expectJson(allowed, 200)).bio, "Set by a key");
    });

    await t.step(
      "an API key cannot create, list or revoke keys, or delete the account",
      async () => {
        for (const created of [readKey, writeKey]) {
          const token = created.key;
          const attempts = [
            h.app.request(
              "/v1/me/api-keys",
              jsonRequest("POST", { name: "x", scopes: ["read"] }, token),
            ),
            h.app.request("/v1/me/api-keys", bearer(token)),
            revoke(token, readKey.id),
            h.app.request("/v1/me", jsonRequest("DELETE", undefined, token)),
          ];
          for (const response of await Promise.all(attempts)) {
            await assertProblem(response, 403, "forbidden");
          }
        }
        assert.equal((await list(user)).items.length, 2);
        await expectJson(await me(user.token), 200);
      },
    );

    await t.step("every route needs a credential (401)", async () => {
      const attempts = [
        h.app.request("/v1/me/api-keys", jsonRequest("POST", { name: "x", scopes: ["read"] })),
        h.app.request("/v1/me/api-keys"),
        h.app.request(`/v1/me/api-keys/${readKey.id}`, { method: "DELETE" }),
      ];
      for (const response of await Promise.all(attempts)) {
        await assertProblem(response, 401, "unauthorized");
      }
    });

    await t.step("POST refuses bad names and scopes with 422 pointers", async () => {
      const cases: Array<[unknown, string[]]> = [
        [{ name: "x", scopes: [] }, ["/scopes"]],
        [{ name: "x", scopes: ["write"] }, ["/scopes"]],
        [{ name: "x", scopes: ["read", "read"] }, ["/scopes"]],
        [{ name: "x", scopes: ["read", "admin"] }, ["/scopes/1"]],
        [{ name: "x", scopes: "read" }, ["/scopes"]],
        [{ name: "x" }, ["/scopes"]],
        [{ name: "   ", scopes: ["read"] }, ["/name"]],
        [{ name: "n".repeat(101), scopes: ["read"] }, ["/name"]],
        [{ scopes: ["read"] }, ["/name"]],
        [{ name: "x", scopes: ["read"], userId: other.id }, ["/userId"]],
      ];
      for (const [body, pointers] of cases) {
        const response = await h.app.request(
          "/v1/me/api-keys",
          jsonRequest("POST", body, user.token),
        );
        const problem = await assertProblem(response, 422, "validation-failed");
        const errors = problem.errors as Array<{ pointer: string }>;
        assert.deepEqual(errors.map((e) => e.pointer).sort(), pointers, JSON.stringify(problem));
      }
      assert.equal((await list(user)).items.length, 2);
    });

    await t.step("POST refuses a list of 200,000 scopes with a 422, not a 500", async () => {
      // zod gathered one issue per bad item and overflowed the stack (found by the fuzz suite).
      for (const item of ["x", []]) {
        const scopes = Array.from({ length: 200_000 }, () => item);
        const response = await h.app.request(
          "/v1/me/api-keys",
          jsonRequest("POST", { name: "many", scopes }, user.token),
        );
        const problem = await assertProblem(response, 422, "validation-failed");
        assert.deepEqual(problem.errors, [{
          pointer: "/scopes",
          detail: 'Expected at most 2 scopes: "read" and "write"',
        }]);
      }
    });

    await t.step("revoking another user's key or an unknown id is a 404", async () => {
      const theirs = await create(other, { name: "Theirs", scopes: ["read"] });
      for (const id of [theirs.id, "key_doesnotexist"]) {
        const problem = await assertProblem(await revoke(user.token, id), 404, "not-found");
        assert.match(problem.detail, new RegExp(`"${id}"`));
      }
      await expectJson(await me(theirs.key), 200);
    });

    await t.step("DELETE revokes a key: it is a 401 on its next request", async () => {
      await expectJson(await me(writeKey.key), 200);
      const response = await revoke(user.token, writeKey.id);
      assert.equal(response.status, 204, await response.text());
      await assertProblem(await me(writeKey.key), 401, "unauthorized");
      const { items } = await list(user);
      assert.deepEqual(items.map((k) => k.id), [readKey.id]);
      await expectJson(await me(readKey.key), 200);
    });

    await t.step("revoking a revoked key is a 404", async () => {
      await assertProblem(await revoke(user.token, writeKey.id), 404, "not-found");
    });

    await t.step(`a ${MAX_ACTIVE_API_KEYS + 1}th active key is a 409 problem`, async () => {
      const holder = await signUpUser(h, { verified: true });
      const keys: CreatedKey[] = [];
      for (let i = 0; i < MAX_ACTIVE_API_KEYS; i++) {
        keys.push(await create(holder, { name: `Key ${i + 1}`, scopes: ["read"] }));
      }
      const response = await h.app.request(
        "/v1/me/api-keys",
        jsonRequest("POST", { name: "One too many", scopes: ["read"] }, holder.token),
      );
      const problem = await assertProblem(response, 409, "conflict");
      assert.match(problem.detail, /25 active API keys/, JSON.stringify(problem));
      assert.equal(problem.limit, MAX_ACTIVE_API_KEYS);
      assert.equal((await list(holder)).items.length, MAX_ACTIVE_API_KEYS);

      const freed = await revoke(holder.token, keys[0]!.id);
      assert.equal(freed.status, 204, await freed.text());
      await create(holder, { name: "After a revoke", scopes: ["read"] });
    });

    await t.step("no raw key is stored: key_hash is a 64-hex digest of the key", async () => {
      const rows = await h.deps.database.db.select().from(apiKeys);
      assert.equal(rows.length, issued.length);
      const dump = JSON.stringify(rows);
      for (const row of rows) {
        assert.match(row.keyHash, /^[0-9a-f]{64}$/, JSON.stringify(row));
        assert.equal(row.prefix.length, 12);
      }
      const digests = new Set(rows.map((row) => row.keyHash));
      for (const key of issued) {
        assert.ok(digests.has(sha256Hex(key)), `no row for key ${key.slice(0, 12)}`);
        assert.notEqual(sha256Hex(key), key);
        assert.ok(!dump.includes(key), `key ${key.slice(0, 12)}... is stored in clear`);
      }
    });
  } finally {
    await h.close();
  }
});
