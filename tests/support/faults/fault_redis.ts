import { isListening, run, waitFor } from "./commands.ts";

/**
 * A Redis of the fault suite's own (not the shared one on 6379), run as a child process so the
 * suite can kill it with SIGKILL, as a crash or a lost host would, and start it again empty on the
 * same port. No persistence: a restarted Redis has lost every key, as a failed-over cache may.
 */
export interface FaultRedis {
  readonly url: string;
  /** SIGKILL: no shutdown, connections drop. */
  kill(): Promise<void>;
  /** Starts it again (empty) and waits until it answers PING. */
  start(): Promise<void>;
  /** Number of keys, through redis-cli. */
  dbsize(): Promise<number>;
  /** Kills it if it runs and removes its directory. */
  destroy(): Promise<void>;
}

export async function createFaultRedis(
  options: { dir: string; port: number },
): Promise<FaultRedis> {
  const { dir, port } = options;
  if (await isListening(port)) {
    throw new Error(`Port ${port} is taken; the fault suite needs it for its own Redis`);
  }
  await Deno.mkdir(dir, { recursive: true });
  let child: Deno.ChildProcess | undefined;
  const cli = (...args: string[]) =>
    run(["redis-cli", "-h", "127.0.0.1", "-p", String(port), ...args], { allowFailure: true });

  const start = async () => {
    child = new Deno.Command("redis-server", {
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        // Read by the CI script to clean up after a run that was killed before its `finally`.
        "--pidfile",
        `${dir}/redis.pid`,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitFor(
      `Redis on port ${port}`,
      async () => (await cli("ping")).stdout === "PONG",
    );
  };
  const kill = async () => {
    if (!child) return;
    const process = child;
    child = undefined;
    process.kill("SIGKILL");
    await process.status;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    dbsize: async () => Number((await cli("dbsize")).stdout),
    destroy: async () => {
      await kill();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
