import assert from "node:assert/strict";
import { parseDotEnv } from "../../src/config/dot_env.ts";
import { envSchema } from "../../src/config/env_schema.ts";
import { loadConfig } from "../../src/config/load_config.ts";

const EXAMPLE = new URL("../../.env.example", import.meta.url);
/** Set by the platform, or naming the file itself: never written in a .env. */
const NOT_IN_A_FILE = new Set(["DENO_DEPLOY", "DENO_DEPLOYMENT_ID", "DENO_TIMELINE", "ENV_FILE"]);

Deno.test(".env.example is a valid local configuration naming every variable", async (t) => {
  const text = await Deno.readTextFile(EXAMPLE);

  await t.step("it parses and loads as it is", () => {
    const { values, problems } = parseDotEnv(text);
    assert.deepEqual(problems, []);
    const config = loadConfig(values);
    assert.equal(config.database.driver, "pglite");
    assert.equal(config.environment.mode, "development");
  });

  await t.step("every variable the config reads is there, set or commented out", () => {
    const named = new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((name) =>
      !NOT_IN_A_FILE.has(name) && !named.has(name)
    );
    assert.deepEqual(missing, [], "add them to .env.example");
  });
});
