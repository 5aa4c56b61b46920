import { metrics } from "../../../lib/metrics/app_metrics.ts";
import { type Sample, writeFamily } from "../../../lib/metrics/prometheus_text.ts";
import type { ScrapeFigures } from "../../../services/health/read_scrape_figures.ts";

type Gauge = { name: string; help: string; samples: Sample[] };

const one = (value: number | undefined): Sample[] =>
  value === undefined ? [] : [{ labels: [], value }];

/**
 * The whole scrape: the process registry, then the figures read at scrape time. A figure that
 * could not be read (the database did not answer in time) leaves its series out, and
 * `pitchey_scrape_collector_success` says which.
 */
export function metricsText(figures: ScrapeFigures): string {
  const lines: string[] = [];
  metrics.write(lines);
  const pool = (pick: (figures: ScrapeFigures["pools"][number]) => number): Sample[] =>
    figures.pools.map((p) => ({ labels: [["pool", p.role]], value: pick(p) }));
  const gauges: Gauge[] = [
    {
      name: "pitchey_db_pool_in_use",
      help: "Pool connections checked out (node-postgres and Neon pools; PGlite has no pool).",
      samples: pool((p) => p.inUse),
    },
    {
      name: "pitchey_db_pool_waiting",
      help: "Callers waiting for a pool connection.",
      samples: pool((p) => p.waiting),
    },
    { name: "pitchey_db_pool_max", help: "DATABASE_POOL_MAX.", samples: pool((p) => p.max) },
    {
      name: "pitchey_outbox_depth",
      help: "Outbox rows not yet handed to the queue.",
      samples: one(figures.outbox?.depth),
    },
    {
      name: "pitchey_outbox_oldest_age_seconds",
      help: "Age of the oldest outbox row not yet handed to the queue (0 when none).",
      samples: one(
        figures.outbox === undefined ? undefined : figures.outbox.oldestPendingAgeMs / 1000,
      ),
    },
    {
      name: "pitchey_failed_jobs",
      help: "Dead-lettered jobs waiting for an admin to retry or discard them.",
      samples: one(figures.pendingFailedJobs),
    },
    {
      name: "pitchey_cache_memory_bytes",
      help: "Estimated bytes held by this instance's memory cache tier.",
      samples: one(figures.memoryCache.bytes),
    },
    {
      name: "pitchey_cache_memory_entries",
      help: "Entries held by this instance's memory cache tier.",
      samples: one(figures.memoryCache.entries),
    },
    {
      name: "pitchey_process_uptime_seconds",
      help: "Seconds since this process started.",
      samples: one(figures.process.uptimeSeconds),
    },
    {
      name: "pitchey_process_resident_memory_bytes",
      help: "Resident set size of the process.",
      samples: one(figures.process.rssBytes),
    },
    {
      name: "pitchey_process_heap_used_bytes",
      help: "JavaScript heap in use.",
      samples: one(figures.process.heapUsedBytes),
    },
    {
      name: "pitchey_scrape_collector_success",
      help: "1 when a figure read at scrape time answered within its deadline, else 0.",
      samples: [
        { labels: [["collector", "outbox"]], value: figures.outbox ? 1 : 0 },
        {
          labels: [["collector", "failed_jobs"]],
          value: figures.pendingFailedJobs === undefined ? 0 : 1,
        },
      ],
    },
  ];
  for (const gauge of gauges) writeFamily(lines, { ...gauge, type: "gauge" });
  return lines.join("\n") + "\n";
}
