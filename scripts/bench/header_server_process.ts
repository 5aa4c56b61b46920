/**
 * Starts `header_server.ts` (a bare Deno.serve answering with `headers` extra headers and a body of
 * `body` bytes, see there) on a random port, pinned to CPU 1 when `pinned`; used by
 * `header_cost.ts` and `write_split.ts`.
 */
import { launcher } from "./wrk.ts";

export function startHeaderServer(
  options: { pinned: boolean; headers: number; body: number; mode: "init" | "set" },
): { child: Deno.ChildProcess; url: string } {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const command = [
    ...launcher(options.pinned ? 1 : undefined, undefined),
    Deno.execPath(),
    "run",
    "--allow-net",
    new URL("./header_server.ts", import.meta.url).pathname,
    String(port),
    String(options.headers),
    String(options.body),
    options.mode,
  ];
  const child = new Deno.Command(command[0]!, { args: command.slice(1), stdout: "null" }).spawn();
  return { child, url: `http://127.0.0.1:${port}` };
}
