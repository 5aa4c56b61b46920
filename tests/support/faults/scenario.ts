import type { ApiServer } from "./api_server.ts";
import { sleep } from "./commands.ts";
import type { FaultFixtures } from "./fixtures.ts";
import { acknowledgedWrites, type Ledger, missingWrites, unreadablePublished } from "./ledger.ts";
import { type Outcome, runLoad } from "./load.ts";
import { type FaultWindow, formatReport } from "./tally.ts";

/** 32 concurrent clients: 12 + 6 anonymous readers, 6 signed-in readers, 8 writers. */
export const CLIENT_MIX = { anonymousPitchReaders: 12, anonymousListReaders: 6 };

export interface ScenarioResult {
  outcomes: Outcome[];
  windows: FaultWindow[];
  ledger: Ledger;
  /** Acknowledged writes not found in the database after recovery (must be none). */
  missing: string[];
  /** Acknowledged publishes the API does not serve after recovery (must be none). */
  unreadable: string[];
  report: string;
}

/**
 * Runs the load for `durationMs` against `server` while `fault` runs beside it; `fault` gets a
 * `mark` function to record when the service was certainly down. After the load it checks the
 * ledger of acknowledged writes against the database and the API, and prints the report.
 */
export async function runScenario(options: {
  name: string;
  server: ApiServer;
  databaseUrl: string;
  fixtures: FaultFixtures;
  durationMs: number;
  fault: (at: (ms: number) => Promise<void>, mark: (label: string) => () => void) => Promise<void>;
  /** Extra report lines computed after the load (e.g. Redis key counts). */
  after?: () => Promise<string[]>;
}): Promise<ScenarioResult> {
  const { server, fixtures } = options;
  const epoch = performance.now();
  const elapsed = () => performance.now() - epoch;
  const windows: FaultWindow[] = [];
  const mark = (label: string) => {
    const fromMs = elapsed();
    return () => void windows.push({ label, fromMs, toMs: elapsed() });
  };
  const at = (ms: number) => sleep(Math.max(0, ms - elapsed()));
  const [{ outcomes, ledger }] = await Promise.all([
    runLoad({
      url: server.url,
      epoch,
      durationMs: options.durationMs,
      maxRequestsPerClient: 20_000,
      requestTimeoutMs: 10_000,
      readablePitchIds: fixtures.readablePitchIds,
      listQueries: fixtures.listQueries,
      ...CLIENT_MIX,
      readerTokens: fixtures.readers.map((r) => r.token),
      writers: fixtures.writers,
    }),
    options.fault(at, mark),
  ]);
  const missing = await missingWrites(options.databaseUrl, ledger);
  const unreadable = await unreadablePublished(server.url, ledger);
  const extra = [
    `ledger: acknowledged writes ${acknowledgedWrites(ledger)} (creates ${ledger.created.size},` +
    ` publishes ${ledger.published.size}, edits ${ledger.edited.length});` +
    ` missing after recovery ${missing.length}; acknowledged publishes not served ${unreadable.length}`,
    ...(await options.after?.() ?? []),
    `server log: ${
      [...server.log.counts].sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `${key} x${n}`).join("; ") || "nothing at warn or above"
    }`,
    `server process: ${server.running() ? "running" : "EXITED"}`,
    ...server.log.errors.slice(0, 5).map((line) => `error line: ${line}`),
    ...server.log.raw.slice(0, 20).map((line) => `raw output: ${line}`),
  ];
  const report = formatReport(options.name, outcomes, windows, extra);
  console.log(report);
  return { outcomes, windows, ledger, missing, unreadable, report };
}
