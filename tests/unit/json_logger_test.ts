import assert from "node:assert/strict";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import { users } from "../../src/db/tables/users.ts";
import { createTestDatabase } from "../support/test_database.ts";

Deno.test("the JSON logger keeps failed queries' bound values out of the logs", async (t) => {
  const lines: string[] = [];
  const logger = createJsonLogger({ level: "debug", write: (line) => lines.push(line) });
  const database = await createTestDatabase();
  try {
    const email = `leak-${crypto.randomUUID()}@example.com`;
    const row = {
      id: "usr_leak",
      email,
      name: "Leak",
      role: "creator" as const,
      passwordHash: "x",
    };
    await database.db.insert(users).values(row);
    const error = await database.db.insert(users).values(row).then(
      () => assert.fail("a duplicate insert must fail"),
      (e: Error) => e,
    );
    assert.ok(String(error.message).includes(email), "drizzle puts the values in the message");

    await t.step("in a message field, a stack and an Error value", () => {
      logger.error("Unhandled error", { error: error.message, stack: error.stack, cause: error });
      const written = lines.join("\n");
      assert.ok(!written.includes(email), written);
      assert.match(written, /params: \[redacted\]/, written);
      assert.match(written, /insert into/, "the query text itself stays useful");
    });

    await t.step("text without query parameters is written unchanged", () => {
      logger.info("Plain", { detail: "nothing to hide: parameters" });
      assert.match(lines.at(-1)!, /nothing to hide: parameters/);
    });
  } finally {
    await database.close();
  }
});

Deno.test("the JSON logger redacts secret-named fields and nothing else", () => {
  const lines: string[] = [];
  const logger = createJsonLogger({ level: "debug", write: (line) => lines.push(line) });
  const hidden = ["password", "newPassword", "pass", "db_pass", "passwd", "passphrase", "token"];
  const shown = ["passes", "passengers", "bypassed", "compass"];
  logger.info("Fields", Object.fromEntries([...hidden, ...shown].map((k) => [k, `v-${k}`])));
  const record = JSON.parse(lines[0]!) as Record<string, unknown>;
  for (const key of hidden) assert.equal(record[key], "[redacted]", key);
  for (const key of shown) assert.equal(record[key], `v-${key}`, key);
});
