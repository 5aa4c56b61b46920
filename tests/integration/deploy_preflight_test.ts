import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { admin } from "../support/test_database.ts";

/**
 * `deno task deploy --dry-run`, the README's production path as CI runs it offline: the real
 * script in a child process with only the environment given here.
 */

const SCRIPT = new URL("../../scripts/deploy.ts", import.meta.url).pathname;
const ADMIN_URL = Deno.env.get("TEST_DATABASE_URL");

/** Every production variable but DATABASE_URL, with placeholders nothing contacts. */
const PRODUCTION_ENV = {
  PUBLIC_URL: "https://api.pitchey.example",
  APP_SECRET: "preflight-test-app-secret-0123456789",
  QSTASH_TOKEN: "qstash-placeholder",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current_placeholder",
  QSTASH_NEXT_SIGNING_KEY: "sig_next_placeholder",
  STRIPE_SECRET_KEY: "sk_test_placeholder",
  STRIPE_WEBHOOK_SECRET: "whsec_placeholder",
  STRIPE_PRICE_PRO_MONTH: "price_pro_month",
  STRIPE_PRICE_PRO_YEAR: "price_pro_year",
  STRIPE_PRICE_STUDIO_MONTH: "price_studio_month",
  STRIPE_PRICE_STUDIO_YEAR: "price_studio_year",
  MAIL_PROVIDER: "resend",
  RESEND_API_KEY: "re_placeholder",
  MAIL_FROM: "Pitchey <hello@pitchey.example>",
};

async function preflight(env: Record<string, string>, args = ["--dry-run", "--skip-tests"]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-run",
      "--allow-sys",
      SCRIPT,
    ]
      .concat(args),
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "",
      ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      NO_COLOR: "1",
      ...env,
    },
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("deno task deploy --dry-run stops at an incomplete production environment", async () => {
  const { code, text } = await preflight({ PUBLIC_URL: "http://api.example" });
  assert.equal(code, 1, text);
  assert.match(text, /\[1\/4\] Configuration, under production rules/, text);
  assert.match(text, /FAILED\s+the production environment is incomplete/, text);
  for (const name of ["DATABASE_URL", "QSTASH_TOKEN", "STRIPE_PRICE_STUDIO_YEAR", "MAIL_FROM"]) {
    assert.match(text, new RegExp(`- ${name}: required in production`), text);
  }
  assert.match(text, /- PUBLIC_URL: must be an https:\/\/ URL/, text);
  assert.ok(!text.includes("[2/4]") && !text.includes("deno deploy"), text);
});

Deno.test("deno task deploy --dry-run stops when the database cannot be read", async () => {
  const url = "postgres://app:pw-5ecret@127.0.0.1:1/pitchey";
  const { code, text } = await preflight({ ...PRODUCTION_ENV, DATABASE_URL: url });
  assert.equal(code, 1, text);
  assert.match(text, /\[2\/4\] Migrations[^\n]*\n\s+FAILED\s+the database could not be read/, text);
  assert.ok(!text.includes("pw-5ecret"), text);
  assert.ok(!text.includes("[3/4]"), text);
});

Deno.test({
  name: "deno task deploy --dry-run checks migrations against a real database, read-only",
  ignore: !ADMIN_URL,
  async fn(t) {
    const name = `pitchey_preflight_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const url = new URL(ADMIN_URL!);
    url.pathname = `/${name}`;
    await admin(ADMIN_URL!, `create database ${name}`);
    const env = { ...PRODUCTION_ENV, DATABASE_URL: url.href };
    const database = createTcpDatabase({ url: url.href, poolMax: 1 });
    try {
      await t.step("an empty database passes, listing every migration as pending", async () => {
        const { code, text } = await preflight(env);
        assert.equal(code, 0, text);
        assert.match(text, /ok\s+0 applied, \d+ pending/, text);
        assert.match(text, /0000_processed_jobs: applied by the predeploy step/, text);
        const tables = await database.db.execute(
          sql`select to_regclass('drizzle.__drizzle_migrations') is null as absent`,
        ) as unknown as { rows: Array<{ absent: boolean }> };
        assert.equal(tables.rows[0]?.absent, true, "the preflight wrote to the database");
      });

      await t.step("a migrated database passes and prints the deploy command", async () => {
        await database.migrate();
        const { code, text } = await preflight(env);
        assert.equal(code, 0, text);
        assert.match(text, /ok\s+\d+ applied, 0 pending/, text);
        assert.match(text, /skipped --skip-tests/, text);
        assert.match(text, /would run "deno deploy --prod"/, text);
      });

      await t.step("flags after -- reach the printed deno deploy command", async () => {
        const args = ["--dry-run", "--skip-tests", "--", "--org", "acme", "--app", "pitchey"];
        const { code, text } = await preflight(env, args);
        assert.equal(code, 0, text);
        assert.match(text, /would run "deno deploy --prod --org acme --app pitchey"/, text);
      });

      await t.step("a database ahead of this checkout stops the deploy", async () => {
        await database.db.execute(sql`
          insert into drizzle.__drizzle_migrations (hash, created_at)
          values ('from-a-newer-branch', 9999999999999)`);
        const { code, text } = await preflight(env);
        assert.equal(code, 1, text);
        assert.match(text, /applied in the database, missing here: created_at 9999999999999/, text);
        assert.ok(!text.includes("[3/4]"), text);
      });
    } finally {
      await database.close();
      await admin(ADMIN_URL!, `drop database if exists ${name} with (force)`);
    }
  },
});
