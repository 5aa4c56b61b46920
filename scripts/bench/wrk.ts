/**
 * Runs `wrk` (https://github.com/wg/wrk) from outside the server's process: one request shape per
 * run, a Lua script that sends it (picking one of many bearer tokens per request when given them)
 * and reports requests, latency percentiles and errors as one JSON line.
 */

/** One request shape; `tokens` spreads requests over many signed-in users. */
export interface WrkRequest {
  method?: "GET" | "POST";
  path: string;
  body?: string;
  tokens?: string[];
}

export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  threads: number;
  /** `taskset -c <cpu>` for wrk itself, when pinning is possible. */
  cpu?: number;
  /** Raise the open-files limit first (`ulimit -n`), for thousands of connections. */
  nofile?: number;
  /** A directory for the Lua script and token list. */
  dir: string;
  /**
   * Each connection waits this long on average (uniform in 0.5x-1.5x) between getting an answer
   * and sending its next request, like a user reading a page: the connections are users, and the
   * offered load is about connections / think time instead of whatever the server can take.
   */
  thinkMs?: number;
}

export interface WrkResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors plus responses with a status of 400 or more. */
  errors: number;
}

/** Exits with the install command when `wrk` is not on PATH. */
export async function requireWrk(): Promise<void> {
  const found = await new Deno.Command("sh", { args: ["-c", "command -v wrk"], stdout: "null" })
    .output().catch(() => ({ success: false }));
  if (!found.success) {
    console.error("wrk is not installed: apt-get update && apt-get install -y wrk");
    Deno.exit(1);
  }
}

/** Whether `taskset` exists and there are at least two CPUs to pin wrk and a server apart. */
export async function canPin(): Promise<boolean> {
  if (navigator.hardwareConcurrency < 2) return false;
  const found = await new Deno.Command("sh", { args: ["-c", "command -v taskset"], stdout: "null" })
    .output().catch(() => ({ success: false }));
  return found.success;
}

/** The command prefix that runs a program on `cpu` with `nofile` open files (either optional). */
export function launcher(cpu: number | undefined, nofile: number | undefined): string[] {
  const pin = cpu === undefined ? [] : ["taskset", "-c", String(cpu)];
  if (nofile === undefined) return pin;
  return ["sh", "-c", `ulimit -n ${nofile} && exec "$@"`, "sh", ...pin];
}

/** One wrk run; throws with wrk's output when it fails. */
export async function runWrk(request: WrkRequest, options: WrkOptions): Promise<WrkResult> {
  const script = `${options.dir}/request.lua`;
  const tokens = `${options.dir}/tokens.txt`;
  await Deno.writeTextFile(tokens, (request.tokens ?? []).join("\n") + "\n");
  await Deno.writeTextFile(script, lua(request, tokens, options.thinkMs));
  const args = [
    ...launcher(options.cpu, options.nofile),
    "wrk",
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    script,
    options.url + request.path,
  ];
  const output = await new Deno.Command(args[0]!, { args: args.slice(1) }).output();
  const text = new TextDecoder().decode(output.stdout);
  const line = text.split("\n").find((l) => l.startsWith("JSON "));
  if (!output.success || !line) {
    throw new Error(`wrk failed:\n${text}\n${new TextDecoder().decode(output.stderr)}`);
  }
  const r = JSON.parse(line.slice(5));
  return {
    requests: r.requests,
    perSecond: r.requests / (r.duration_us / 1e6),
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
    errors: r.errors,
  };
}

function lua(request: WrkRequest, tokens: string, thinkMs: number | undefined): string {
  const think = thinkMs === undefined ? "" : `
function delay()
  return math.random(${Math.round(thinkMs / 2)}, ${Math.round(thinkMs * 1.5)})
end
`;
  const quote = (s: string) => JSON.stringify(s);
  return `
local tokens = {}
for line in io.lines(${quote(tokens)}) do
  if line ~= "" then tokens[#tokens + 1] = line end
end
local method = ${quote(request.method ?? "GET")}
local path = ${quote(request.path)}
local body = ${request.body === undefined ? "nil" : quote(request.body)}
local headers = {}
if body then headers["Content-Type"] = "application/json" end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if #tokens > 0 then
    headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  end
  return wrk.format(method, path, headers, body)
end

${think}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;
}
