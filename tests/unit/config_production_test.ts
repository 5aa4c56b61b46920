import assert from "node:assert/strict";
import { sameDatabase } from "../../src/config/environment.ts";
import { ConfigError, loadConfig } from "../../src/config/load_config.ts";

type Env = Record<string, string | undefined>;

/** Everything production needs, with placeholder values (never contacted here). */
export const COMPLETE_PRODUCTION_ENV: Env = {
  APP_ENV: "production",
  DATABASE_URL: "postgres://app:db-5ecret@ep-cool-1234-pooler.us-east-2.aws.neon.tech/pitchey",
  PUBLIC_URL: "https://api.pitchey.example",
  APP_SECRET: "production-app-secret-0123456789abcdef",
  QSTASH_TOKEN: "qstash-token-5ecret-value",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current_5ecret",
  QSTASH_NEXT_SIGNING_KEY: "sig_next_5ecret",
  STRIPE_SECRET_KEY: "sk_live_5ecret",
  STRIPE_WEBHOOK_SECRET: "whsec_5ecret",
  STRIPE_PRICE_PRO_MONTH: "price_pro_month",
  STRIPE_PRICE_PRO_YEAR: "price_pro_year",
  STRIPE_PRICE_STUDIO_MONTH: "price_studio_month",
  STRIPE_PRICE_STUDIO_YEAR: "price_studio_year",
  MAIL_PROVIDER: "resend",
  RESEND_API_KEY: "re_5ecret",
  MAIL_FROM: "Pitchey <hello@pitchey.example>",
};

const EVERY_REQUIRED = [
  "DATABASE_URL",
  "PUBLIC_URL",
  "APP_SECRET",
  "QSTASH_TOKEN",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_PRICE_PRO_MONTH",
  "STRIPE_PRICE_PRO_YEAR",
  "STRIPE_PRICE_STUDIO_MONTH",
  "STRIPE_PRICE_STUDIO_YEAR",
  "RESEND_API_KEY",
  "MAIL_FROM",
  "MAIL_PROVIDER",
];

function problemsOf(env: Env): string[] {
  try {
    const config = loadConfig(env);
    assert.fail(`expected a ConfigError, got config: ${JSON.stringify(config)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

/** Asserts each of `names` starts exactly one problem, and nothing else is reported. */
function assertEachNamedOnce(problems: string[], names: string[]): void {
  const subjects = problems.map((p) => p.slice(0, p.indexOf(":")));
  assert.deepEqual([...subjects].sort(), [...names].sort(), JSON.stringify(problems, null, 1));
}

Deno.test("loadConfig in production refuses to start, listing every missing item", async (t) => {
  await t.step("APP_ENV=production alone names all 15 variables, one problem each", () => {
    assertEachNamedOnce(problemsOf({ APP_ENV: "production" }), EVERY_REQUIRED);
  });

  await t.step("Deno Deploy's production timeline is production mode too", () => {
    const problems = problemsOf({ DENO_DEPLOY: "true", DENO_TIMELINE: "production" });
    assertEachNamedOnce(problems, EVERY_REQUIRED);
  });

  await t.step("a complete environment loads as production with every real adapter", () => {
    const config = loadConfig(COMPLETE_PRODUCTION_ENV);
    assert.equal(config.environment.mode, "production");
    assert.equal(config.database.driver, "neon");
    assert.equal(config.queue.kind, "qstash");
    assert.equal(config.payments.kind, "stripe");
    assert.equal(config.mailer.kind, "resend");
    assert.equal(config.scheduler, "off");
  });

  await t.step("each single missing variable is named alone", () => {
    for (const name of EVERY_REQUIRED.filter((n) => n !== "MAIL_PROVIDER")) {
      const problems = problemsOf({ ...COMPLETE_PRODUCTION_ENV, [name]: undefined });
      assertEachNamedOnce(problems, [name]);
    }
  });

  await t.step("an http:// PUBLIC_URL is refused", () => {
    const problems = problemsOf({ ...COMPLETE_PRODUCTION_ENV, PUBLIC_URL: "http://api.example" });
    assertEachNamedOnce(problems, ["PUBLIC_URL"]);
    assert.match(problems[0]!, /https:\/\//, problems.join("\n"));
  });

  await t.step("the embedded database is refused even when forced", () => {
    const problems = problemsOf({ ...COMPLETE_PRODUCTION_ENV, DATABASE_DRIVER: "pglite" });
    assertEachNamedOnce(problems, ["DATABASE_DRIVER"]);
  });

  await t.step("the dev mailer is refused", () => {
    const problems = problemsOf({ ...COMPLETE_PRODUCTION_ENV, MAIL_PROVIDER: "dev" });
    assert.ok(
      problems.some((p) => p.startsWith('MAIL_PROVIDER: must be "resend"')),
      problems.join("\n"),
    );
  });

  await t.step("no problem echoes a secret value", () => {
    const problems = problemsOf({ ...COMPLETE_PRODUCTION_ENV, PUBLIC_URL: undefined });
    const text = problems.join("\n");
    for (const secret of ["db-5ecret", "sk_live_5ecret", "whsec_5ecret", "re_5ecret"]) {
      assert.ok(!text.includes(secret), text);
    }
  });
});

const BRANCH = { DENO_DEPLOY: "true", DENO_TIMELINE: "git-branch/feature-x" };
const PREVIEW = { DENO_DEPLOY: "true", DENO_TIMELINE: "preview/rev_abc123" };
const PROD_DB = "postgres://app:one@ep-cool-1234.us-east-2.aws.neon.tech/pitchey";
const BRANCH_DB = "postgres://app:two@ep-cool-1234.us-east-2.aws.neon.tech/pitchey_dev";

Deno.test("loadConfig keeps branch and preview timelines off production", async (t) => {
  for (const [name, timeline] of [["branch", BRANCH], ["preview", PREVIEW]] as const) {
    await t.step(`a ${name} timeline is development mode and runs no schedule`, () => {
      const config = loadConfig({ ...timeline, DATABASE_URL: BRANCH_DB });
      assert.equal(config.environment.mode, "development");
      assert.equal(config.environment.timelineKind, name);
      assert.equal(config.queue.kind, "memory");
      assert.equal(config.scheduler, "off", "the in-process scheduler would run");
    });

    await t.step(`a ${name} timeline refuses PRODUCTION_DATABASE_URL as its database`, () => {
      // The pooled host and other credentials still reach the same database.
      const pooled = "postgres://other:pw@ep-cool-1234-pooler.us-east-2.aws.neon.tech/pitchey";
      const problems = problemsOf({
        ...timeline,
        DATABASE_URL: pooled,
        PRODUCTION_DATABASE_URL: PROD_DB,
      });
      assertEachNamedOnce(problems, ["DATABASE_URL"]);
      assert.match(problems[0]!, /production database/, problems.join("\n"));
      assert.ok(
        !problems[0]!.includes("pw@") && !problems[0]!.includes("one@"),
        problems.join("\n"),
      );
    });

    await t.step(`a ${name} timeline with its own database starts`, () => {
      const config = loadConfig({
        ...timeline,
        DATABASE_URL: BRANCH_DB,
        PRODUCTION_DATABASE_URL: PROD_DB,
      });
      assert.equal(config.database.driver, "neon");
    });
  }

  await t.step("APP_ENV=production on a branch timeline still runs no schedule there", () => {
    const config = loadConfig({ ...COMPLETE_PRODUCTION_ENV, ...BRANCH, SCHEDULER: "auto" });
    assert.equal(config.scheduler, "off");
  });

  await t.step("the production timeline may use the production database", () => {
    const config = loadConfig({
      ...COMPLETE_PRODUCTION_ENV,
      DENO_DEPLOY: "true",
      DENO_TIMELINE: "production",
      APP_ENV: undefined,
      DATABASE_URL: PROD_DB,
      PRODUCTION_DATABASE_URL: PROD_DB,
    });
    assert.equal(config.environment.mode, "production");
  });

  await t.step("a laptop (development) refuses the production database too", () => {
    const problems = problemsOf({ DATABASE_URL: PROD_DB, PRODUCTION_DATABASE_URL: PROD_DB });
    assertEachNamedOnce(problems, ["DATABASE_URL"]);
  });
});

Deno.test("loadConfig names the region from REGION, as the platform exposes none", async (t) => {
  await t.step("off Deploy without REGION it is local", () => {
    assert.equal(loadConfig({}).region, "local");
  });
  await t.step("on Deploy without REGION it is unknown", () => {
    assert.equal(loadConfig({ ...BRANCH, DATABASE_URL: BRANCH_DB }).region, "unknown");
  });
  await t.step("REGION wins everywhere", () => {
    assert.equal(loadConfig({ ...BRANCH, DATABASE_URL: BRANCH_DB, REGION: "eu" }).region, "eu");
  });
  await t.step("a REGION that is not a plain name is refused", () => {
    assertEachNamedOnce(problemsOf({ REGION: "eu\nX-Injected: 1" }), ["REGION"]);
  });
});

Deno.test("sameDatabase compares server and database name, not credentials", () => {
  assert.ok(sameDatabase("postgres://a:1@db.example:5432/app", "postgres://b:2@DB.example/app"));
  assert.ok(!sameDatabase("postgres://a@db.example/app", "postgres://a@db.example/app_dev"));
  assert.ok(!sameDatabase("postgres://a@db.example:5433/app", "postgres://a@db.example/app"));
});
