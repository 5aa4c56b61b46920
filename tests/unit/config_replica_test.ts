import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load_config.ts";

const PG = "postgres://app@db.example.com:5432/pitchey";
const REPLICA = "postgres://app@replica.example.com:5432/pitchey";

Deno.test("DATABASE_READ_URL is validated by loadConfig", async (t) => {
  await t.step("it rides on the primary's driver", () => {
    const tcp = loadConfig({ DATABASE_URL: PG, DATABASE_READ_URL: REPLICA }).database;
    assert.deepEqual(tcp, { driver: "tcp", url: PG, poolMax: 10, readUrl: REPLICA });
    const neon = loadConfig({
      DATABASE_URL: "postgres://app@ep-1.eu-central-1.aws.neon.tech/pitchey",
      DATABASE_READ_URL: "postgres://app@ep-2.eu-central-1.aws.neon.tech/pitchey",
    }).database;
    assert.equal(neon.driver, "neon", JSON.stringify(neon));
    assert.equal(
      "readUrl" in neon && neon.readUrl,
      "postgres://app@ep-2.eu-central-1.aws.neon.tech/pitchey",
    );
  });
  await t.step("unset, there is no replica", () => {
    assert.equal("readUrl" in loadConfig({ DATABASE_URL: PG }).database, false);
  });
  await t.step("it is refused without DATABASE_URL and when it is not postgres://", () => {
    assert.throws(
      () => loadConfig({ DATABASE_READ_URL: REPLICA }),
      (e: Error) => e.message.includes("DATABASE_READ_URL: needs DATABASE_URL"),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: PG, DATABASE_READ_URL: "https://replica.example.com" }),
      (e: Error) => e.message.includes("DATABASE_READ_URL: expected a postgres:// URL"),
    );
  });
});
