/** Calls a response says its request made (the `calls` entry of `Server-Timing`). */
export interface RequestCalls {
  sql: number;
  redisRead: number;
  redisWrite: number;
}

/** Reads the `calls` entry of a response's `Server-Timing`; throws when it is missing. */
export function requestCalls(response: Response): RequestCalls {
  const timing = response.headers.get("server-timing") ?? "";
  const match = /calls;desc="sql (\d+), redis-read (\d+), redis-write (\d+)"/.exec(timing);
  if (!match) throw new Error(`No calls entry in Server-Timing: "${timing}"`);
  return { sql: Number(match[1]), redisRead: Number(match[2]), redisWrite: Number(match[3]) };
}
