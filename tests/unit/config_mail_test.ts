import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/load_config.ts";

type Env = Record<string, string | undefined>;

const RESEND = {
  MAIL_PROVIDER: "resend",
  RESEND_API_KEY: "re_5ecretResendKeyValue",
  MAIL_FROM: "Pitchey <hello@pitchey.example>",
  APP_SECRET: "an-app-secret-of-at-least-32-characters!",
};

function problemsOf(env: Env): string[] {
  try {
    const config = loadConfig(env);
    assert.fail(`expected a ConfigError, got mailer: ${JSON.stringify(config.mailer)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const secret of ["re_5ecret", "an-app-secret"]) {
      assert.ok(!error.message.includes(secret), `"${secret}" leaked: ${error.message}`);
    }
    return error.problems;
  }
}

Deno.test("loadConfig defaults to the dev mailer, a cap of 20 and no app secret", () => {
  const config = loadConfig({});
  assert.deepEqual(config.mailer, { kind: "dev" });
  assert.equal(config.mailDailyCap, 20);
  assert.equal(config.appSecret, undefined);
});

Deno.test("loadConfig selects Resend with its key, sender, secret and API base", () => {
  const config = loadConfig({ ...RESEND, RESEND_API_BASE: "http://127.0.0.1:9999" });
  assert.deepEqual(config.mailer, {
    kind: "resend",
    apiKey: RESEND.RESEND_API_KEY,
    from: RESEND.MAIL_FROM,
    apiBase: "http://127.0.0.1:9999",
  });
  assert.equal(config.appSecret, RESEND.APP_SECRET);
  assert.deepEqual(loadConfig({ ...RESEND, MAIL_FROM: "hello@pitchey.example" }).mailer, {
    kind: "resend",
    apiKey: RESEND.RESEND_API_KEY,
    from: "hello@pitchey.example",
  });
});

Deno.test("loadConfig with MAIL_PROVIDER=resend lists every missing variable at once", () => {
  const problems = problemsOf({ MAIL_PROVIDER: "resend" });
  assert.equal(problems.length, 3, problems.join("\n"));
  assert.match(problems[0]!, /^RESEND_API_KEY: required/);
  assert.match(problems[1]!, /^MAIL_FROM: required/);
  assert.match(problems[2]!, /^APP_SECRET: required/);
});

Deno.test("loadConfig refuses a malformed sender, a short secret and an unknown provider", () => {
  assert.deepEqual(problemsOf({ ...RESEND, MAIL_FROM: "Pitchey" }), [
    'MAIL_FROM: "Pitchey" is not "Name <address>" or an address',
  ]);
  const short = problemsOf({ ...RESEND, APP_SECRET: "too-short" });
  assert.equal(short.length, 1, short.join("\n"));
  assert.match(short[0]!, /^APP_SECRET: /);
  assert.match(problemsOf({ MAIL_PROVIDER: "smtp" })[0]!, /^MAIL_PROVIDER: /);
});

Deno.test("loadConfig refuses a Resend key without MAIL_PROVIDER=resend", () => {
  assert.deepEqual(problemsOf({ RESEND_API_KEY: RESEND.RESEND_API_KEY }), [
    'RESEND_API_KEY: set, but MAIL_PROVIDER is "dev"; set MAIL_PROVIDER=resend',
  ]);
});

Deno.test("loadConfig reads MAIL_DAILY_CAP and refuses a negative one", () => {
  assert.equal(loadConfig({ MAIL_DAILY_CAP: "3" }).mailDailyCap, 3);
  assert.equal(loadConfig({ MAIL_DAILY_CAP: "" }).mailDailyCap, 20);
  assert.match(problemsOf({ MAIL_DAILY_CAP: "-1" })[0]!, /^MAIL_DAILY_CAP: /);
});
