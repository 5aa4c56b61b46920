import assert from "node:assert/strict";
import { parseDotEnv, withDotEnv } from "../../src/config/dot_env.ts";
import { ConfigError } from "../../src/config/load_config.ts";

Deno.test("parseDotEnv reads NAME=value lines the way an .env file writes them", async (t) => {
  await t.step("comments, blank lines, export and inline comments", () => {
    const text = [
      "# local settings",
      "",
      "PORT=8001",
      "export LOG_LEVEL=debug",
      "CORS_ORIGINS=http://localhost:5173 # the Vite dev server",
      "EMPTY=",
    ].join("\n");
    assert.deepEqual(parseDotEnv(text), {
      values: {
        PORT: "8001",
        LOG_LEVEL: "debug",
        CORS_ORIGINS: "http://localhost:5173",
        EMPTY: "",
      },
      problems: [],
    });
  });

  await t.step("quoted values keep spaces and # ; double quotes take escapes", () => {
    const text = `MAIL_FROM="Pitchey <hello@pitchey.example> # not a comment"\r\n` +
      `A='single \\n stays'\nB="line\\nbreak \\"quoted\\""`;
    assert.deepEqual(parseDotEnv(text).values, {
      MAIL_FROM: "Pitchey <hello@pitchey.example> # not a comment",
      A: "single \\n stays",
      B: 'line\nbreak "quoted"',
    });
  });

  await t.step("a malformed line is a problem naming its number", () => {
    const { problems } = parseDotEnv('OK=1\nnot a setting\n1BAD=x\nOPEN="unterminated');
    assert.deepEqual(problems, [
      'line 2: expected NAME=value, got "not a setting"',
      'line 3: expected NAME=value, got "1BAD=x"',
      'line 4: expected NAME=value, got "OPEN="unterminated"',
    ]);
  });
});

Deno.test("withDotEnv adds .env under the environment, only when the file exists", async (t) => {
  const files: Record<string, string> = {
    ".env": "PORT=8001\nLOG_LEVEL=debug",
    "alt.env": "PORT=9",
  };
  const read = (path: string) => files[path];

  await t.step("the environment wins over the file", () => {
    assert.deepEqual(withDotEnv({ LOG_LEVEL: "warn" }, read), { PORT: "8001", LOG_LEVEL: "warn" });
  });

  await t.step("no file: the environment as it is", () => {
    const env = { LOG_LEVEL: "warn" };
    assert.deepEqual(withDotEnv(env, () => undefined), env);
  });

  await t.step("ENV_FILE names another file, and none reads none", () => {
    assert.equal(withDotEnv({ ENV_FILE: "alt.env" }, read).PORT, "9");
    assert.deepEqual(withDotEnv({ ENV_FILE: "none" }, read), { ENV_FILE: "none" });
  });

  await t.step("a malformed file stops startup with ConfigError naming the file", () => {
    assert.throws(
      () => withDotEnv({}, () => "PORT 8001"),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems[0] === '.env: line 1: expected NAME=value, got "PORT 8001"',
    );
  });
});
