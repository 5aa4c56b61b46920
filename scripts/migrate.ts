import { withDotEnv } from "../src/config/dot_env.ts";
import { loadConfig } from "../src/config/load_config.ts";
import { openDatabase } from "../src/deps.ts";

/**
 * `deno task db:migrate`: applies pending migrations to the configured database. Real databases are
 * migrated by this command only, never at boot, so several regions starting at once do not race.
 */
const config = loadConfig(withDotEnv(Deno.env.toObject()));
const target = config.database.driver === "pglite"
  ? `embedded PGlite at ${config.database.dataDir}`
  : `${config.database.driver} database at ${redactUrl(config.database.url)}`;
console.log(`Migrating the ${target} ...`);
const started = performance.now();
const database = await openDatabase(config.database);
try {
  await database.migrate();
  console.log(`Migrations applied in ${Math.round(performance.now() - started)} ms`);
} finally {
  await database.close();
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.href;
}
