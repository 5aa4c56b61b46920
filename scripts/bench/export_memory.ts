/**
 * Peak JavaScript heap while building and downloading a large export, next to the file's size:
 * the evidence that generation and download stream instead of holding the file. Builds an
 * account-data JSON and a pitch-performance CSV for one user with BENCH_PITCHES pitches (default
 * 20,000) of BENCH_SYNOPSIS characters (default 4,000), then reads the account-data file back
 * through the download stream, then (for contrast) as one string. Database: embedded PGlite, or a
 * scratch database on BENCH_DATABASE_URL (over TCP, dropped at the end). Every 10 ms the heap is
 * collected and measured, so the peak is what was live (held), not garbage awaiting collection:
 * run with --v8-flags=--expose-gc, without which the figures include garbage. "external" is
 * memory outside the JS heap (buffers); with PGlite it also counts the embedded database's own
 * growth (its WebAssembly memory), so read it with BENCH_DATABASE_URL.
 *
 *   deno run -A --v8-flags=--expose-gc scripts/bench/export_memory.ts
 */
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import type { Database } from "../../src/db/database.ts";
import { reportExports } from "../../src/db/tables/exports.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import { users } from "../../src/db/tables/users.ts";
import { openDatabase } from "../../src/deps.ts";
import type { ExportFormat, ExportKind } from "../../src/lib/enums.ts";
import { newId } from "../../src/lib/ids.ts";
import { streamExportChunks } from "../../src/services/exports/stream_export_chunks.ts";
import { writeExportFile } from "../../src/services/exports/write_export_file.ts";
import { admin } from "../../tests/support/test_database.ts";

const PITCHES = Number(Deno.env.get("BENCH_PITCHES") ?? 20_000);
const SYNOPSIS = Number(Deno.env.get("BENCH_SYNOPSIS") ?? 4_000);
const dbUrl = Deno.env.get("BENCH_DATABASE_URL");
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

const scratch = dbUrl ? await createScratchDatabase(dbUrl) : undefined;
const database: Database = await openDatabase(
  scratch
    ? { driver: "tcp", url: scratch.url, poolMax: 4 }
    : { driver: "pglite", dataDir: ":memory:" },
);
await database.migrate();
const ctx = { db: database.db, clock: systemClock, logger: createJsonLogger({ level: "error" }) };
const userId = newId("usr");
await database.db.insert(users).values({
  id: userId,
  email: `${userId}@bench.invalid`,
  name: "Bench",
  role: "creator",
  passwordHash: "pbkdf2-sha256$1$AAAA$AAAA",
});
const synopsis = "A synopsis that goes on. ".repeat(Math.ceil(SYNOPSIS / 25)).slice(0, SYNOPSIS);
for (let i = 0; i < PITCHES; i += 1000) {
  await database.db.insert(pitches).values(
    Array.from({ length: Math.min(1000, PITCHES - i) }, (_, j) => ({
      id: newId("pit"),
      ownerId: userId,
      title: `Pitch ${i + j}`,
      logline: "A logline",
      synopsis,
      genre: "drama" as const,
      format: "feature" as const,
      createdAt: new Date(Date.UTC(2026, 0, 1) + (i + j) * 1000),
    })),
  );
}

console.log(
  `Export memory, ${PITCHES} pitches of ${SYNOPSIS} characters; database: ${
    dbUrl ? "Postgres over TCP" : "PGlite (in process)"
  }; Deno ${Deno.version.deno}${gc ? "" : " (no --expose-gc: figures include garbage)"}`,
);

for (const [kind, format] of [["account-data", "json"], ["pitch-performance", "csv"]] as const) {
  const exportId = await queuedExport(kind, format);
  const built = await peak(() =>
    writeExportFile({ ctx, input: { exportId, userId, kind, format } })
  );
  const file = built.result;
  report(`build ${kind} (${format})`, file.sizeBytes, built, `${file.stats.chunks} chunks`);
  if (kind !== "account-data") continue;
  const stream = () => streamExportChunks({ ctx, input: { exportId, buildId: file.buildId } });
  const streamed = await peak(async () => {
    let bytes = 0;
    for await (const chunk of stream()) bytes += chunk.byteLength;
    return bytes;
  });
  report("download stream, chunk by chunk", streamed.result, streamed, "");
  const whole = await peak(async (sample) => {
    const text = await new Response(stream()).text();
    sample();
    return text.length;
  });
  report("for contrast: the file as one string", file.sizeBytes, whole, "");
}

await database.close();
await scratch?.drop();

async function queuedExport(kind: ExportKind, format: ExportFormat): Promise<string> {
  const id = newId("exp");
  await database.db.insert(reportExports).values({ id, userId, kind, format, status: "queued" });
  return id;
}

interface Peak<T> {
  result: T;
  heap: number;
  external: number;
  ms: number;
}

/**
 * Runs `work` while sampling live memory (after a collection) every 10 ms and whenever `work`
 * calls `sample`; the peaks are above what was live before it started.
 */
async function peak<T>(work: (sample: () => void) => Promise<T>): Promise<Peak<T>> {
  const live = () => {
    gc?.();
    const { heapUsed, external } = Deno.memoryUsage();
    return { heapUsed, external };
  };
  const base = live();
  let heap = 0;
  let external = 0;
  const sample = () => {
    const now = live();
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
    external = Math.max(external, now.external - base.external);
  };
  const timer = setInterval(sample, 10);
  const start = performance.now();
  try {
    const result = await work(sample);
    const ms = performance.now() - start;
    sample();
    return { result, heap, external, ms };
  } finally {
    clearInterval(timer);
  }
}

function report(label: string, fileBytes: number, measured: Peak<unknown>, note: string) {
  const mb = (bytes: number) => (bytes / MB).toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(38)} file ${mb(fileBytes)} MB   peak heap +${mb(measured.heap)} MB` +
      `   external +${mb(measured.external)} MB   ${
        measured.ms.toFixed(0).padStart(6)
      } ms   ${note}`,
  );
}

/** A throwaway database on the benchmark server, so nothing is left in the admin database. */
async function createScratchDatabase(adminUrl: string) {
  const name = `pitchey_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const run = (statement: string) => admin(adminUrl, statement);
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => run(`drop database if exists ${name} with (force)`) };
}
