import { sql } from "drizzle-orm";
import { createKeyJoiner } from "../../lib/joined_keys.ts";
import type { Database } from "../../db/database.ts";
import type { Logger } from "../../ports/logger.ts";
import { TREND_EPOCH_MS, TREND_TAU_MS } from "../../db/trending.ts";
import type { PitchViewEvent, PitchViewRecorder } from "../../ports/view_recorder.ts";

export interface BufferedViewRecorderOptions {
  database: Database;
  logger: Logger;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** Otherwise views wait at most this long. */
  flushAfterMs?: number;
  /** Views held while a write is failing; beyond it the oldest are dropped (and logged). */
  maxBuffered?: number;
  /**
   * Told which pitches' counts a written batch changed (to drop cached copies). `flush` resolves
   * after it; a failure is logged and does not write the batch again.
   */
  onWritten?: (pitchIds: string[]) => Promise<void>;
}

/**
 * Buffers views in memory, deduplicated per pitch, viewer and day, and writes them in one statement
 * per batch: insert the (pitch, viewer, day) rows, skipping ones any instance already wrote, then
 * add what was new to each pitch's view count and trending score. A reader never waits on it.
 */
export function createBufferedViewRecorder(
  options: BufferedViewRecorderOptions,
): PitchViewRecorder & { close(): Promise<void> } {
  const { database, logger, maxBatch = 500, flushAfterMs = 2_000, maxBuffered = 50_000 } = options;
  let buffer = new Map<string, { pitchId: string; viewer: string; day: string; atMs: number }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  function schedule() {
    if (buffer.size >= maxBatch) return void flush();
    if (timer !== undefined) return;
    timer = setTimeout(() => void flush(), flushAfterMs);
    // Buffered views must not keep a finished process alive.
    if (typeof Deno !== "undefined") Deno.unrefTimer(timer as unknown as number);
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = [...buffer.values()];
    buffer = new Map();
    if (batch.length === 0) return writing;
    writing = writing.then(() => write(batch)).then(() => announce(batch), (error) => {
      logger.error("Views not written; kept for the next batch", {
        count: batch.length,
        error: String(error),
      });
      for (const view of batch) if (buffer.size < maxBuffered) buffer.set(keyOf(view), view);
    });
    return writing;
  }

  // Awaited by `flush` (a caller who flushes and then reads must not get a copy the announcement
  // has not dropped yet), but its failure must not reach the write's handler: that would buffer
  // the written views again.
  async function announce(batch: Array<{ pitchId: string }>): Promise<void> {
    try {
      await options.onWritten?.([...new Set(batch.map((v) => v.pitchId))]);
    } catch (error) {
      logger.warn("Written views not announced", { error: String(error) });
    }
  }

  async function write(
    batch: Array<{ pitchId: string; viewer: string; day: string; atMs: number }>,
  ) {
    const at = Math.max(...batch.map((v) => v.atMs));
    const term = (at - TREND_EPOCH_MS) / TREND_TAU_MS;
    await database.db.execute(sql`
      with input as (
        select * from unnest(
          ${`{${batch.map((v) => quote(v.pitchId)).join(",")}}`}::text[],
          ${`{${batch.map((v) => quote(v.viewer)).join(",")}}`}::text[],
          ${`{${batch.map((v) => v.day).join(",")}}`}::date[]
        ) as i(pitch_id, viewer, day)
      ),
      inserted as (
        insert into pitch_views (pitch_id, viewer, day)
        select i.pitch_id, i.viewer, i.day from input i join pitches p on p.id = i.pitch_id
        on conflict do nothing
        returning pitch_id
      ),
      counts as (select pitch_id, count(*)::int as n from inserted group by pitch_id)
      update pitches p set
        view_count = p.view_count + c.n,
        trending_score = greatest(p.trending_score, ln(c.n) + ${term}::float8)
          + ln(1 + exp(least(p.trending_score, ln(c.n) + ${term}::float8)
          - greatest(p.trending_score, ln(c.n) + ${term}::float8)))
      from counts c where p.id = c.pitch_id`);
  }

  return {
    record(event: PitchViewEvent) {
      const view = {
        pitchId: event.pitchId,
        viewer: event.viewer,
        day: utcDayOf(event.atMs),
        atMs: event.atMs,
      };
      const key = keyOf(view);
      if (buffer.has(key)) return;
      if (buffer.size >= maxBuffered) {
        logger.warn("View buffer full; view dropped", { pitchId: event.pitchId });
        return;
      }
      buffer.set(key, view);
      schedule();
    },
    flush,
    close: flush,
  };
}

/**
 * A view's identity: pitch, viewer and UTC day, built from remembered strings (`joined_keys.ts`),
 * so a repeated read of a cached pitch is Map lookups of strings whose hashes V8 kept.
 */
function keyOf(view: { pitchId: string; viewer: string; day: string }): string {
  return joinKey(view.day, joinKey(view.pitchId, view.viewer));
}

const joinKey = createKeyJoiner("\u0000");

// The UTC day of a time, its text built once a day rather than once a view.
let dayStart = 0;
let dayEnd = 0;
let dayText = "";

function utcDayOf(atMs: number): string {
  if (atMs < dayStart || atMs >= dayEnd) {
    dayStart = atMs - (atMs % DAY_MS);
    dayEnd = dayStart + DAY_MS;
    dayText = new Date(dayStart).toISOString().slice(0, 10);
  }
  return dayText;
}

const DAY_MS = 86_400_000;

/** An element of a Postgres array literal; ids and digests are plain, but quote regardless. */
function quote(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
