import { isListening, run, waitFor } from "./commands.ts";

/**
 * A throwaway Postgres cluster the fault suite may stop, crash and restart without touching the
 * shared server on 5432 that other suites use. Created with the machine's own `initdb` under
 * `dir`, listening on 127.0.0.1:`port` only. Postgres refuses to run as root, so as root every
 * command runs as the `postgres` user (`runuser`).
 */
export interface FaultPostgres {
  readonly url: string;
  /** `pg_ctl stop`: "fast" rolls back open transactions; "immediate" is a crash (WAL recovery). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  /** Starts the stopped cluster and waits until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl restart` in one step. */
  restart(mode: "fast" | "immediate"): Promise<void>;
  /** Stops the cluster (crash-fast) if it runs and deletes its files. */
  destroy(): Promise<void>;
}

export async function createFaultPostgres(
  options: { dir: string; port: number },
): Promise<FaultPostgres> {
  const { dir, port } = options;
  const bin = await postgresBinDir();
  const asOwner = Deno.uid() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  const data = `${dir}/data`;
  const ctl = (...args: string[]) =>
    run([...asOwner, `${bin}/pg_ctl`, "-D", data, "-l", `${dir}/postgres.log`, ...args]);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;

  await destroyLeftover(dir, bin, asOwner);
  if (await isListening(port)) {
    throw new Error(`Port ${port} is taken; the fault suite needs it for its own Postgres`);
  }
  await Deno.mkdir(dir, { recursive: true });
  if (asOwner.length > 0) await run(["chown", "postgres", dir]);
  // --no-sync only skips flushing the initial files; the running server fsyncs as usual.
  await run([
    ...asOwner,
    `${bin}/initdb`,
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const ready = () =>
    run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", String(port)], {
      allowFailure: true,
    }).then((r) => r.ok);
  const start = async () => {
    await ctl("start", "-w", "-o", serverOptions);
    await waitFor(`Postgres on port ${port}`, ready);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async (mode) => {
      await ctl("stop", "-w", "-m", mode);
    },
    start,
    restart: async (mode) => {
      await ctl("restart", "-w", "-m", mode, "-o", serverOptions);
      await waitFor(`Postgres on port ${port}`, ready);
    },
    destroy: () => destroyLeftover(dir, bin, asOwner),
  };
}

/** The newest installed server's bin directory (`/usr/lib/postgresql/<major>/bin` on Debian). */
async function postgresBinDir(): Promise<string> {
  const root = "/usr/lib/postgresql";
  const majors: number[] = [];
  for await (const entry of Deno.readDir(root)) {
    if (entry.isDirectory && /^\d+$/.test(entry.name)) majors.push(Number(entry.name));
  }
  const newest = majors.sort((a, b) => b - a)[0];
  if (newest === undefined) throw new Error(`No Postgres server found under ${root}`);
  return `${root}/${newest}/bin`;
}

/** A run killed half-way may have left the cluster running: stop it, then remove its files. */
async function destroyLeftover(dir: string, bin: string, asOwner: string[]): Promise<void> {
  const exists = await Deno.stat(`${dir}/data/postmaster.pid`).then(() => true, () => false);
  if (exists) {
    await run([...asOwner, `${bin}/pg_ctl`, "-D", `${dir}/data`, "stop", "-w", "-m", "immediate"], {
      allowFailure: true,
    });
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
