import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/load_config.ts";

type Env = Record<string, string | undefined>;

const KEYS = {
  STRIPE_SECRET_KEY: "sk_test_51Secret5ecretValue",
  STRIPE_WEBHOOK_SECRET: "whsec_5ecretSigningValue",
};
const PRICES = {
  STRIPE_PRICE_PRO_MONTH: "price_1ProMonth",
  STRIPE_PRICE_PRO_YEAR: "price_1ProYear",
  STRIPE_PRICE_STUDIO_MONTH: "price_1StudioMonth",
  STRIPE_PRICE_STUDIO_YEAR: "price_1StudioYear",
};

function problemsOf(env: Env): string[] {
  try {
    const config = loadConfig(env);
    assert.fail(`expected a ConfigError, got payments: ${JSON.stringify(config.payments)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const secret of ["5ecret", "whsec_5ecret", "sk_test_51"]) {
      assert.ok(!error.message.includes(secret), `"${secret}" leaked: ${error.message}`);
    }
    return error.problems;
  }
}

Deno.test("loadConfig without Stripe keys selects memory payments with dev prices", () => {
  const config = loadConfig({});
  assert.deepEqual(config.payments, { kind: "memory" });
  assert.deepEqual(config.prices, {
    pro: { month: "price_dev_pro_month", year: "price_dev_pro_year" },
    studio: { month: "price_dev_studio_month", year: "price_dev_studio_year" },
  });
});

Deno.test("loadConfig treats empty Stripe variables as unset", () => {
  const blank = Object.fromEntries(
    [...Object.keys(KEYS), ...Object.keys(PRICES), "STRIPE_API_BASE"].map((name) => [name, ""]),
  );
  assert.deepEqual(loadConfig(blank), loadConfig({}));
});

Deno.test("loadConfig with both keys and four prices selects Stripe", async (t) => {
  await t.step("with the default API base", () => {
    const config = loadConfig({ ...KEYS, ...PRICES });
    assert.deepEqual(config.payments, {
      kind: "stripe",
      secretKey: KEYS.STRIPE_SECRET_KEY,
      webhookSecret: KEYS.STRIPE_WEBHOOK_SECRET,
    });
    assert.deepEqual(config.prices, {
      pro: { month: "price_1ProMonth", year: "price_1ProYear" },
      studio: { month: "price_1StudioMonth", year: "price_1StudioYear" },
    });
  });

  await t.step("a restricted key and STRIPE_API_BASE are accepted", () => {
    const env = {
      ...KEYS,
      ...PRICES,
      STRIPE_SECRET_KEY: "rk_live_restricted",
      STRIPE_API_BASE: "http://localhost:12111",
    };
    const { payments } = loadConfig(env);
    assert.equal(payments.kind === "stripe" && payments.secretKey, "rk_live_restricted");
    assert.equal(payments.kind === "stripe" && payments.apiBase, "http://localhost:12111");
  });
});

Deno.test("loadConfig refuses half a Stripe setup", async (t) => {
  for (const only of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
    await t.step(`only ${only} is refused, naming both keys`, () => {
      const problems = problemsOf({ [only]: KEYS[only], ...PRICES });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0]!, /^STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both/);
    });
  }

  for (const missing of Object.keys(PRICES) as (keyof typeof PRICES)[]) {
    await t.step(`Stripe without ${missing} is refused`, () => {
      const env: Env = { ...KEYS, ...PRICES };
      delete env[missing];
      const problems = problemsOf(env);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.ok(
        problems[0]!.startsWith(`${missing}: required with Stripe`),
        JSON.stringify(problems),
      );
    });
  }

  await t.step("Stripe without any price names all four in one problem", () => {
    const problems = problemsOf(KEYS);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const names = "STRIPE_PRICE_PRO_MONTH, STRIPE_PRICE_PRO_YEAR, STRIPE_PRICE_STUDIO_MONTH " +
      "and STRIPE_PRICE_STUDIO_YEAR";
    assert.ok(problems[0]!.startsWith(`${names}: required with Stripe`), JSON.stringify(problems));
  });

  await t.step("one key and no prices reports both problems at once", () => {
    const problems = problemsOf({ STRIPE_SECRET_KEY: KEYS.STRIPE_SECRET_KEY });
    assert.equal(problems.length, 2, JSON.stringify(problems));
  });
});

Deno.test("loadConfig refuses malformed Stripe secrets without echoing them", async (t) => {
  for (const key of ["pk_test_5ecretPublishable", "5ecret-no-prefix", "whsec_5ecret"]) {
    await t.step(`a secret key like "${key.slice(0, 3)}..." is refused`, () => {
      const problems = problemsOf({ ...KEYS, ...PRICES, STRIPE_SECRET_KEY: key });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0]!, /^STRIPE_SECRET_KEY: expected a secret key starting with "sk_"/);
    });
  }

  await t.step("a webhook secret without whsec_ is refused", () => {
    const env = { ...KEYS, ...PRICES, STRIPE_WEBHOOK_SECRET: "we_5ecretEndpointId" };
    const problems = problemsOf(env);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!, /^STRIPE_WEBHOOK_SECRET: expected an endpoint signing secret/);
  });

  await t.step("a non-http STRIPE_API_BASE is refused", () => {
    const problems = problemsOf({ ...KEYS, ...PRICES, STRIPE_API_BASE: "ftp://stripe.test" });
    assert.deepEqual(problems, ["STRIPE_API_BASE: expected an http:// or https:// URL"]);
  });

  await t.step("a STRIPE_API_BASE that is not a URL is reported once", () => {
    const problems = problemsOf({ ...KEYS, ...PRICES, STRIPE_API_BASE: "not a url" });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.ok(problems[0]!.startsWith("STRIPE_API_BASE"), JSON.stringify(problems));
  });
});

Deno.test("loadConfig keeps price ids set without Stripe for the memory adapter", () => {
  const config = loadConfig({ STRIPE_PRICE_PRO_MONTH: "price_custom" });
  assert.deepEqual(config.payments, { kind: "memory" });
  assert.equal(config.prices.pro.month, "price_custom");
  assert.equal(config.prices.studio.year, "price_dev_studio_year");
});
