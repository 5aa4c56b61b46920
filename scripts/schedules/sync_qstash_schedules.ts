import type { Client, Schedule } from "@upstash/qstash";
import type { ScheduleEntry } from "../../src/ports/scheduler.ts";

/** Our schedules' ids start with this; any other schedule in the QStash project is left alone. */
export const SCHEDULE_ID_PREFIX = "pitchey-";
/** Retries after a failed delivery, as the queue sets on every published job. */
const RETRIES = 3;

export type SyncAction = "created" | "updated" | "unchanged" | "removed";

/** What the sync did (or, in a dry run, would do) to one QStash schedule. */
export interface SyncStep {
  action: SyncAction;
  scheduleId: string;
  cron: string;
  destination: string;
  paused: boolean;
}

/**
 * Makes the QStash schedules with our id prefix match `schedules`: each entry becomes schedule
 * `pitchey-<id>` POSTing its JSON payload to `${publicUrl}/jobs/<job>` on its cron. A schedule
 * that already matches is left untouched (so a pause set in the console survives), a differing
 * one is overwritten through QStash's create-with-id upsert, and one with our prefix that is no
 * longer in the list is deleted. Running it twice changes nothing the second time.
 */
export async function syncQstashSchedules(options: {
  client: Pick<Client, "schedules">;
  publicUrl: string;
  schedules: readonly ScheduleEntry[];
  dryRun?: boolean;
}): Promise<SyncStep[]> {
  const { client, dryRun = false } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const existing = new Map(
    (await client.schedules.list())
      .filter((s) => s.scheduleId.startsWith(SCHEDULE_ID_PREFIX))
      .map((s) => [s.scheduleId, s]),
  );
  const steps: SyncStep[] = [];
  for (const entry of options.schedules) {
    const wanted = {
      scheduleId: `${SCHEDULE_ID_PREFIX}${entry.id}`,
      destination: `${publicUrl}/jobs/${encodeURIComponent(entry.job)}`,
      cron: entry.cron,
      body: JSON.stringify(entry.payload),
      retries: RETRIES,
    };
    const current = existing.get(wanted.scheduleId);
    const action: SyncAction = !current
      ? "created"
      : matches(current, wanted)
      ? "unchanged"
      : "updated";
    if (action !== "unchanged" && !dryRun) {
      await client.schedules.create({
        ...wanted,
        method: "POST",
        headers: { "Content-Type": "application/json" },
      });
    }
    steps.push({
      action,
      scheduleId: wanted.scheduleId,
      cron: wanted.cron,
      destination: wanted.destination,
      paused: action === "unchanged" && Boolean(current?.isPaused),
    });
  }
  const kept = new Set(steps.map((s) => s.scheduleId));
  for (const stale of existing.values()) {
    if (kept.has(stale.scheduleId)) continue;
    if (!dryRun) await client.schedules.delete(stale.scheduleId);
    steps.push({
      action: "removed",
      scheduleId: stale.scheduleId,
      cron: stale.cron,
      destination: stale.destination,
      paused: stale.isPaused,
    });
  }
  return steps;
}

function matches(
  current: Schedule,
  wanted: { destination: string; cron: string; body: string; retries: number },
): boolean {
  const body = current.body ??
    (current.bodyBase64 ? new TextDecoder().decode(decodeBase64(current.bodyBase64)) : "");
  const contentType = Object.entries(current.header ?? {})
    .find(([name]) => name.toLowerCase() === "content-type")?.[1]?.[0];
  return current.destination === wanted.destination && current.cron === wanted.cron &&
    body === wanted.body && current.retries === wanted.retries &&
    (current.method ?? "POST") === "POST" && contentType === "application/json";
}

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
