/** Small process helpers for the fault suite: run a command to completion, or wait for a probe. */

/** Runs `cmd`, failing with its output when it exits non-zero; returns stdout. */
export async function run(cmd: string[], options: { allowFailure?: boolean } = {}) {
  const [program, ...args] = cmd;
  const output = await new Deno.Command(program!, { args, stdout: "piped", stderr: "piped" })
    .output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
  if (!output.success && !options.allowFailure) {
    throw new Error(
      `Command "${cmd.join(" ")}" exited with ${output.code}: ${text(output.stderr)} ${
        text(output.stdout)
      }`,
    );
  }
  return { ok: output.success, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/** Calls `probe` every 100 ms until it answers true, failing after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export async function isListening(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

/** A port nothing listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
