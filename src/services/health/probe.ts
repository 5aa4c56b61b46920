import { DeadlineError, withDeadline } from "../../lib/with_deadline.ts";

/** The outcome of one dependency check: whether it answered, and how long it took. */
export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  /** "timeout" or "unreachable": never a driver's or provider's message (hosts, user names). */
  error?: "timeout" | "unreachable";
}

/** Runs `check` under `timeoutMs` and reports it; never throws. */
export async function probe(check: () => Promise<void>, timeoutMs: number): Promise<ProbeResult> {
  const start = performance.now();
  try {
    await withDeadline(check(), timeoutMs);
    return { ok: true, latencyMs: elapsed(start) };
  } catch (error) {
    const reason = error instanceof DeadlineError ? "timeout" : "unreachable";
    return { ok: false, latencyMs: elapsed(start), error: reason };
  }
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}
