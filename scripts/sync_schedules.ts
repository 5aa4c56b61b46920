import { Client, QstashError } from "@upstash/qstash";
import { ConfigError, loadConfig } from "../src/config/load_config.ts";
import { SCHEDULES } from "../src/services/maintenance/schedules.ts";
import { syncQstashSchedules, type SyncStep } from "./schedules/sync_qstash_schedules.ts";

/**
 * `deno task schedules:sync [--dry-run]`: production only (see below). Upserts the schedule list
 * (src/services/maintenance/schedules.ts) as QStash schedules calling `$PUBLIC_URL/jobs/<job>`,
 * and deletes our schedules no longer in it. Idempotent. Needs the QStash variables and
 * PUBLIC_URL of the deployment the schedules should call.
 */
const DEFAULT_QSTASH_URL = "https://qstash.upstash.io";

async function main(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  let config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  // Only production's work is scheduled: a branch or preview run would fire jobs against
  // production's QStash with its own URL, or double every job.
  if (config.environment.mode !== "production") {
    const where = config.environment.timeline
      ? `timeline "${config.environment.timeline}"`
      : "development (APP_ENV is not production)";
    console.error(
      `Schedules are synced for production only, and this is ${where}; run it with the ` +
        "production environment (APP_ENV=production and every production variable)",
    );
    return 1;
  }
  if (config.queue.kind !== "qstash") {
    console.error(
      "QStash is not configured: set QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY, " +
        "QSTASH_NEXT_SIGNING_KEY and PUBLIC_URL (without QStash, the in-process scheduler runs " +
        "the schedules)",
    );
    return 1;
  }
  const qstashUrl = config.queue.url ?? DEFAULT_QSTASH_URL;
  // Passed explicitly so the library never falls back to QSTASH_* from the environment.
  const client = new Client({ baseUrl: qstashUrl, token: config.queue.token, devMode: false });
  console.log(
    `${dryRun ? "Dry run: syncing" : "Syncing"} ${SCHEDULES.length} schedules to QStash at ` +
      `${qstashUrl}, calling ${config.publicUrl}/jobs/<job>`,
  );
  let steps: SyncStep[];
  try {
    steps = await syncQstashSchedules({
      client,
      publicUrl: config.publicUrl,
      schedules: SCHEDULES,
      dryRun,
    });
  } catch (error) {
    // The response body may echo the request; the status says enough and leaks nothing.
    const why = error instanceof QstashError
      ? `QStash answered status ${error.status ?? "unknown"}`
      : error instanceof TypeError
      ? "QStash could not be reached"
      : String(error);
    console.error(`Schedules not synced: ${why}`);
    return 1;
  }
  const width = Math.max(...steps.map((s) => s.scheduleId.length));
  for (const step of steps) {
    const path = new URL(step.destination).pathname;
    console.log(
      `  ${step.action.padEnd(9)} ${step.scheduleId.padEnd(width)}  ${step.cron.padEnd(12)}` +
        `  POST ${path}${step.paused ? "  (paused in QStash; left paused)" : ""}`,
    );
  }
  const count = (action: SyncStep["action"]) => steps.filter((s) => s.action === action).length;
  console.log(
    `${dryRun ? "Would have: " : "Done: "}${count("created")} created, ${count("updated")} ` +
      `updated, ${count("unchanged")} unchanged, ${count("removed")} removed`,
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
