import type { Op, Outcome } from "./load.ts";

/** A span (ms since the load's epoch) during which the faulty service was certainly down. */
export interface FaultWindow {
  label: string;
  fromMs: number;
  toMs: number;
}

export interface Tally {
  total: number;
  ok: number;
  clientError: number;
  unavailable: number;
  /** 503s that came without `Retry-After`. */
  unavailableWithoutRetryAfter: number;
  /** 5xx other than 503: every one is a defect. */
  otherServerError: number;
  /** Client timeouts: the server held a request (a hang). */
  hangs: number;
  networkErrors: number;
  byStatus: Map<number, number>;
}

export function tally(outcomes: Outcome[]): Tally {
  const t: Tally = {
    total: outcomes.length,
    ok: 0,
    clientError: 0,
    unavailable: 0,
    unavailableWithoutRetryAfter: 0,
    otherServerError: 0,
    hangs: 0,
    networkErrors: 0,
    byStatus: new Map(),
  };
  for (const o of outcomes) {
    t.byStatus.set(o.status, (t.byStatus.get(o.status) ?? 0) + 1);
    if (o.status === 0) t.hangs += 1;
    else if (o.status === -1) t.networkErrors += 1;
    else if (o.status < 400) t.ok += 1;
    else if (o.status < 500) t.clientError += 1;
    else if (o.status === 503) {
      t.unavailable += 1;
      if (!o.retryAfter) t.unavailableWithoutRetryAfter += 1;
    } else t.otherServerError += 1;
  }
  return t;
}

/** Outcomes whose whole request fell inside one of `windows`. */
export function inside(outcomes: Outcome[], windows: FaultWindow[]): Outcome[] {
  return outcomes.filter((o) =>
    windows.some((w) => o.startedMs >= w.fromMs && o.endedMs <= w.toMs)
  );
}

export function ofOps(outcomes: Outcome[], ops: Op[]): Outcome[] {
  return outcomes.filter((o) => ops.includes(o.op));
}

/** One line: `total 812  2xx 790  4xx 0  503 22  other 5xx 0  hangs 0  network 0  [200=..]`. */
export function formatTally(t: Tally): string {
  const statuses = [...t.byStatus].sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status === 0 ? "hang" : status === -1 ? "net" : status}=${n}`)
    .join(" ");
  return `total ${t.total}  2xx ${t.ok}  4xx ${t.clientError}  503 ${t.unavailable}` +
    ` (without Retry-After ${t.unavailableWithoutRetryAfter})  other 5xx ${t.otherServerError}` +
    `  hangs ${t.hangs}  network ${t.networkErrors}  [${statuses}]`;
}

/** The printed report of one scenario: totals, each operation, and what happened in the fault. */
export function formatReport(
  scenario: string,
  outcomes: Outcome[],
  windows: FaultWindow[],
  extra: string[],
): string {
  const ops = [...new Set(outcomes.map((o) => o.op))].sort();
  const during = inside(outcomes, windows);
  const lines = [
    `fault scenario "${scenario}"; ${
      windows.map((w) =>
        `${w.label} ${(w.fromMs / 1000).toFixed(1)}-${(w.toMs / 1000).toFixed(1)} s`
      ).join(", ")
    }`,
    `  all requests          ${formatTally(tally(outcomes))}`,
    ...ops.map((op) => `    ${op.padEnd(20)}${formatTally(tally(ofOps(outcomes, [op])))}`),
    `  during the fault      ${formatTally(tally(during))}`,
    ...ops.map((op) => `    ${op.padEnd(20)}${formatTally(tally(ofOps(during, [op])))}`),
    ...extra.map((line) => `  ${line}`),
  ];
  return lines.map((line) => `[faults] ${line}`).join("\n");
}
