/** The table and machine description `hot_path.ts` prints (Markdown, for BENCHMARKS.md). */
import type { WrkResult } from "./wrk.ts";

export interface Row {
  label: string;
  result: WrkResult;
  /** Calls per request from the server's counters; absent for the bare handler. */
  sql?: number;
  redisRead?: number;
  redisWrite?: number;
}

/** The label prefix of a replay row (`hot_path.ts`), which follows the row it replays. */
export const REPLAY = "  replay:";

/** One Markdown table; "x bare" is against the mean of the bare rows. */
export function hotPathTable(rows: Row[]): string {
  const bares = rows.filter((r) => r.label.startsWith("bare")).map((r) => r.result.perSecond);
  const baseline = bares.reduce((x, y) => x + y, 0) / Math.max(1, bares.length);
  const drift = (Math.max(...bares) / Math.min(...bares) - 1) * 100;
  const calls = (n: number | undefined) => n === undefined ? "-" : n.toFixed(2);
  const lines = [
    "| scenario | req/s | x bare | p50 ms | p99 ms | SQL/req | Redis read/req | Redis write/req | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const { label, result: r, sql, redisRead, redisWrite } of rows) {
    lines.push(
      `| ${label} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / baseline).toFixed(3)} | ` +
        `${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${calls(sql)} | ${calls(redisRead)} | ` +
        `${calls(redisWrite)} | ${r.errors} |`,
    );
  }
  lines.push(
    "",
    `x bare: against the mean of the bare rows (${baseline.toFixed(0)} req/s; they differ by ` +
      `${drift.toFixed(1)}%). SQL and Redis calls: growth of the server's own counters ` +
      "(`GET /metrics`) over the measured run, per request it served; background work (the " +
      "invalidation-log poll, write-behind) is included. errors: socket errors and responses >= 400.",
  );
  const shares = rows.flatMap((row, i) =>
    row.label.startsWith(REPLAY) && i > 0
      ? [
        `${rows[i - 1]!.label} ${
          (rows[i - 1]!.result.perSecond / row.result.perSecond).toFixed(2)
        }`,
      ]
      : []
  );
  if (shares.length > 0) {
    lines.push(
      "",
      "replay: the answer of the row above (status, headers, body) served by a handler that does " +
        "nothing else, right after it: what Deno itself costs for a response of that shape, the " +
        `ceiling for that row. The API against its ceiling: ${shares.join("; ")}.`,
    );
  }
  return lines.join("\n");
}

/** nproc, CPU model, load averages, pinning, database, commit and the command. */
export function machineLines(
  o: { pinned: boolean; loadStart: string; loadEnd: string; db: string; command: string },
): string {
  const cpuinfo = (() => {
    try {
      return Deno.readTextFileSync("/proc/cpuinfo");
    } catch {
      return "";
    }
  })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  const git = (args: string[]) =>
    new TextDecoder().decode(new Deno.Command("git", { args }).outputSync().stdout).trim();
  const dirty = git(["status", "--porcelain", "--untracked-files=no"])
    ? " (with local changes)"
    : "";
  return [
    `commit: ${git(["rev-parse", "--short", "HEAD"])}${dirty}, Deno ${Deno.version.deno}`,
    `machine: ${navigator.hardwareConcurrency} CPUs, ${model}`,
    `pinning: ${
      o.pinned ? "server on CPU 1, wrk on CPU 0 (taskset)" : "none (no taskset or one CPU)"
    }`,
    `load average (1, 5, 15 min): ${o.loadStart} at the start, ${o.loadEnd} at the end`,
    `database: ${o.db}`,
    `command: ${o.command}`,
  ].join("\n");
}
