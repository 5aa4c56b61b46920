import assert from "node:assert/strict";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { MIGRATIONS_FOLDER } from "../../src/db/database.ts";
import { deployCommand, parseDeployArgs } from "../../scripts/deploy/args.ts";
import {
  compareMigrations,
  readAppliedMigrations,
  readJournal,
} from "../../scripts/deploy/migration_status.ts";
import { redactCredentials } from "../../scripts/deploy/progress.ts";

Deno.test("parseDeployArgs reads the preflight flags and passes the rest to deno deploy", async (t) => {
  await t.step("no argument: tests run and deno deploy --prod runs", () => {
    const args = parseDeployArgs([]);
    assert.deepEqual(args, { dryRun: false, skipTests: false, deployFlags: [] });
    assert.deepEqual(deployCommand(args), ["deploy", "--prod"]);
  });
  await t.step("flags after -- are appended to deno deploy --prod", () => {
    const args = parseDeployArgs(["--dry-run", "--skip-tests", "--", "--org", "acme"]);
    assert.equal(args.dryRun, true);
    assert.equal(args.skipTests, true);
    assert.deepEqual(deployCommand(args), ["deploy", "--prod", "--org", "acme"]);
  });
  await t.step("an unknown flag is refused with the usage", () => {
    assert.throws(() => parseDeployArgs(["--force"]), /Unknown argument "--force"; Usage:/);
  });
  await t.step("--help after -- is refused: it would print help instead of deploying", () => {
    assert.throws(() => parseDeployArgs(["--", "--help"]), /"--help" cannot be passed/);
  });
});

const journal = [
  { tag: "0000_a", when: 100, hash: "h0" },
  { tag: "0001_b", when: 200, hash: "h1" },
  { tag: "0002_c", when: 300, hash: "h2" },
];

Deno.test("compareMigrations tells applied, pending, unknown and edited migrations apart", async (t) => {
  await t.step("an empty database has every migration pending", () => {
    const status = compareMigrations(journal, []);
    assert.deepEqual(status.pending, ["0000_a", "0001_b", "0002_c"]);
    assert.deepEqual(status.applied, []);
  });
  await t.step("entries newer than the newest applied row are pending", () => {
    const status = compareMigrations(journal, [
      { hash: "h0", createdAt: 100 },
      { hash: "h1", createdAt: 200 },
    ]);
    assert.deepEqual(status.applied, ["0000_a", "0001_b"]);
    assert.deepEqual(status.pending, ["0002_c"]);
    assert.deepEqual(status.unknown, []);
    assert.deepEqual(status.edited, []);
  });
  await t.step("a row this checkout does not know means the database is ahead", () => {
    const status = compareMigrations(journal.slice(0, 2), [
      { hash: "h0", createdAt: 100 },
      { hash: "h1", createdAt: 200 },
      { hash: "h9", createdAt: 900 },
    ]);
    assert.deepEqual(status.unknown, [{ hash: "h9", createdAt: 900 }]);
  });
  await t.step("a file whose hash changed since it was applied is edited", () => {
    const status = compareMigrations(journal, [{ hash: "other", createdAt: 100 }]);
    assert.deepEqual(status.edited, ["0000_a"]);
  });
});

Deno.test("readAppliedMigrations reads drizzle's table, matching the journal once migrated", async (t) => {
  const database = await createPgliteDatabase({ dataDir: ":memory:" });
  try {
    const files = await readJournal(MIGRATIONS_FOLDER);
    await t.step("a database never migrated reads as nothing applied", async () => {
      const applied = await readAppliedMigrations(database.db);
      assert.deepEqual(applied, []);
      assert.equal(compareMigrations(files, applied).pending.length, files.length);
    });
    await t.step("after migrate every journal entry is applied with the same hash", async () => {
      await database.migrate();
      const status = compareMigrations(files, await readAppliedMigrations(database.db));
      assert.deepEqual(status, {
        applied: files.map((f) => f.tag),
        pending: [],
        unknown: [],
        edited: [],
      });
    });
  } finally {
    await database.close();
  }
});

Deno.test("redactCredentials hides a password in a connection error", () => {
  assert.equal(
    redactCredentials("connect to postgres://app:s3cret@db.example:5432/x failed"),
    "connect to postgres://app:***@db.example:5432/x failed",
  );
});
