import type { ScheduleEntry } from "../../ports/scheduler.ts";

/**
 * Every scheduled job, in one list. Production turns it into QStash schedules
 * (`deno task schedules:sync`); the embedded default runs it in process (`createDeps`). Times are
 * UTC. Each job is registered in `services/jobs/registry.ts` and safe to run twice, so an extra
 * run (a startup run, a retried delivery, two instances) changes nothing.
 */
export const SCHEDULES: readonly ScheduleEntry[] = [
  {
    id: "sweep-outbox",
    cron: "* * * * *",
    job: "sweep-outbox",
    payload: {},
    runAtStartup: true,
    description:
      "Republishes outbox rows still pending, so a crash or a queue outage loses nothing",
  },
  {
    id: "maintain-ledger-partitions",
    cron: "15 0 * * *",
    job: "maintain-ledger-partitions",
    payload: {},
    runAtStartup: true,
    description: "Keeps usage-ledger partitions for this month and the next two",
  },
  {
    id: "apply-retention",
    cron: "30 3 * * *",
    job: "apply-retention",
    payload: {},
    runAtStartup: true,
    description:
      "Prunes old job and webhook records, dead sessions and tokens; rolls up pitch views",
  },
  {
    id: "send-weekly-digest",
    cron: "0 8 * * 1",
    job: "send-weekly-digest",
    payload: {},
    runAtStartup: false,
    description: "Mondays 08:00 UTC: new pitches of followed creators, one email per user",
  },
];
