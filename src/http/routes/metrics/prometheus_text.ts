import type { CallCounts } from "../../../lib/timing.ts";

/** The process counters `GET /metrics` exposes. */
export interface ProcessCounters {
  httpRequests: number;
  calls: Readonly<CallCounts>;
}

/** The counters in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText({ httpRequests, calls }: ProcessCounters): string {
  const lines: string[] = [];
  const counter = (name: string, help: string, samples: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  counter("pitchey_http_requests_total", "HTTP requests this process has started serving.", [
    ["", httpRequests],
  ]);
  counter("pitchey_sql_calls_total", "SQL statements this process has sent.", [["", calls.sql]]);
  counter("pitchey_redis_calls_total", "Redis commands this process has sent, by effect.", [
    ['{effect="read"}', calls.redisRead],
    ['{effect="write"}', calls.redisWrite],
  ]);
  return lines.join("\n") + "\n";
}
