import { ConfigError, loadConfig } from "../src/config/load_config.ts";
import type { Config } from "../src/config/types.ts";
import { MIGRATIONS_FOLDER } from "../src/db/database.ts";
import { openDatabase } from "../src/deps.ts";
import { type DeployArgs, deployCommand, parseDeployArgs } from "./deploy/args.ts";
import {
  compareMigrations,
  type MigrationStatus,
  readAppliedMigrations,
  readJournal,
} from "./deploy/migration_status.ts";
import { createProgress, redactCredentials, redactUrl } from "./deploy/progress.ts";

/**
 * `deno task deploy [--dry-run] [--skip-tests] [-- <deno deploy flags>]`: the production preflight,
 * then `deno deploy --prod`.
 *   1. the environment is complete under production rules (`loadConfig` with APP_ENV=production);
 *   2. the database at DATABASE_URL is read (never written) and compared with migrations/: a
 *      database ahead of this checkout, or an applied migration edited since, stops the deploy;
 *      pending ones are listed, and the `predeploy` step (`deno task db:migrate`) applies them;
 *   3. `deno task ok` passes (`--skip-tests` when CI already ran it);
 *   4. `deno deploy --prod`, or with `--dry-run` only the command it would run.
 */
async function main(argv: string[]): Promise<number> {
  let args: DeployArgs;
  try {
    args = parseDeployArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  console.log(`Preflight for production${args.dryRun ? " (dry run)" : ""}`);
  const step = createProgress(4);

  step.start("Configuration, under production rules");
  let config: Config;
  try {
    config = loadConfig({ ...Deno.env.toObject(), APP_ENV: "production" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    step.fail("the production environment is incomplete:", ...error.problems.map((p) => `- ${p}`));
    return 1;
  }
  step.ok(...describe(config));

  step.start("Migrations, read-only against DATABASE_URL");
  let status: MigrationStatus;
  try {
    status = await migrationStatus(config);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    step.fail(`the database could not be read: ${redactCredentials(why)}`);
    return 1;
  }
  const counts = `${status.applied.length} applied, ${status.pending.length} pending`;
  if (status.unknown.length > 0 || status.edited.length > 0) {
    step.fail(
      counts,
      ...status.unknown.map((row) =>
        `- applied in the database, missing here: created_at ${row.createdAt} (pull, or roll ` +
        "forward: this code is older than the schema)"
      ),
      ...status.edited.map((tag) => `- ${tag}: changed since it was applied (append-only)`),
    );
    return 1;
  }
  step.ok(
    counts,
    ...status.pending.map((tag) =>
      `- ${tag}: applied by the predeploy step (deno task db:migrate)`
    ),
  );

  step.start("Tests (deno task ok)");
  if (args.skipTests) {
    step.skip("--skip-tests");
  } else {
    const code = await run(["task", "ok"]);
    if (code !== 0) {
      step.fail(`deno task ok exited with ${code}`);
      return 1;
    }
    step.ok("the gate passed");
  }

  const command = deployCommand(args);
  const shown = `deno ${command.join(" ")}`;
  step.start(`Deploy to production: ${shown}`);
  if (args.dryRun) {
    step.ok(`dry run: not run (would run "${shown}")`);
    return 0;
  }
  const code = await run(command);
  if (code !== 0) {
    step.fail(`${shown} exited with ${code}`);
    return code;
  }
  step.ok("deployed; the platform runs the predeploy migrations, then routes traffic");
  return 0;
}

function describe(config: Config): string[] {
  const database = config.database.driver === "pglite"
    ? "pglite"
    : `${config.database.driver} at ${redactUrl(config.database.url)}`;
  return [
    `public URL ${config.publicUrl}, region ${config.region}`,
    `database ${database}; cache ${config.cache.kind}; queue ${config.queue.kind}`,
    `payments ${config.payments.kind}; mail ${config.mailer.kind}`,
  ];
}

async function migrationStatus(config: Config): Promise<MigrationStatus> {
  const journal = await readJournal(MIGRATIONS_FOLDER);
  const database = await openDatabase(config.database);
  try {
    return compareMigrations(journal, await readAppliedMigrations(database.db));
  } finally {
    await database.close();
  }
}

/** Runs `deno <args>` with this terminal, so its progress shows as it happens. */
async function run(args: string[]): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), { args, stdin: "inherit" }).spawn();
  return (await child.status).code;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
