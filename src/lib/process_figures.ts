/** Memory and uptime of this process, where the runtime exposes them (Deno and Node do). */
export interface ProcessFigures {
  uptimeSeconds: number;
  rssBytes?: number;
  heapUsedBytes?: number;
  heapTotalBytes?: number;
}

interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

type Runtime = {
  Deno?: { memoryUsage?: () => MemoryUsage };
  process?: { memoryUsage?: () => MemoryUsage };
};

/**
 * Reads the figures now. Uptime is measured from the time origin, which is process start in Deno
 * and Node; Workers expose no memory figures, so those are left out there.
 */
export function readProcessFigures(): ProcessFigures {
  const runtime = globalThis as Runtime;
  const usage = runtime.Deno?.memoryUsage?.() ?? runtime.process?.memoryUsage?.();
  return {
    uptimeSeconds: performance.now() / 1000,
    rssBytes: usage?.rss,
    heapUsedBytes: usage?.heapUsed,
    heapTotalBytes: usage?.heapTotal,
  };
}
