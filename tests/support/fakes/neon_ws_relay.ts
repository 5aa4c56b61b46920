/**
 * A loopback stand-in for Neon's WebSocket proxy (github.com/neondatabase/wsproxy, and the
 * WebSocket endpoint of Neon's own proxy). The real proxy accepts a WebSocket at
 * `/v1` or `/v2?address=<host>:<port>`, opens TCP to that address and relays the Postgres wire
 * protocol unchanged, one binary message per chunk, closing either side when the other goes. This
 * does the same over plain ws on 127.0.0.1, so `@neondatabase/serverless` (unmodified, with
 * `wsProxy` pointed here) reaches the local Postgres. Only loopback targets are relayed: anything
 * else gets 403, so a test can never make it reach outside the machine.
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** A running relay; `wsProxy` is the value for `createNeonDatabase({ wsProxy })`. */
export interface NeonWsRelay {
  readonly wsProxy: string;
  /** WebSocket connections accepted and relayed since start. */
  readonly connections: number;
  /** Ends every relayed connection, then the server; resolves when nothing is left pending. */
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1 on a free port. */
export function startNeonWsRelay(): Promise<NeonWsRelay> {
  const open = new Set<{ end: () => void; done: Promise<void> }>();
  let accepted = 0;
  const { promise: listening, resolve: onListen } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: (addr) => onListen(addr as Deno.NetAddr) },
    async (request) => {
      const address = new URL(request.url).searchParams.get("address") ?? "";
      const separator = address.lastIndexOf(":");
      const hostname = address.slice(0, separator);
      const port = Number(address.slice(separator + 1));
      if (!LOOPBACK_HOSTS.has(hostname)) {
        return new Response(`Refusing to relay to "${address}": only loopback`, { status: 403 });
      }
      if (!Number.isInteger(port) || port < 1 || port > 65_535) {
        return new Response(`Invalid port in address "${address}"`, { status: 400 });
      }
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return new Response("Expected a WebSocket upgrade", { status: 426 });
      }
      let conn: Deno.TcpConn;
      try {
        // Connecting before the upgrade means no client bytes can arrive before TCP is ready.
        conn = await Deno.connect({ hostname, port });
      } catch {
        return new Response(`Cannot connect to "${address}"`, { status: 502 });
      }
      const { socket, response } = Deno.upgradeWebSocket(request);
      accepted += 1;
      open.add(relay(socket, conn, (entry) => open.delete(entry)));
      return response;
    },
  );
  return listening.then((addr) => ({
    wsProxy: `127.0.0.1:${addr.port}`,
    get connections() {
      return accepted;
    },
    close: async () => {
      const entries = [...open];
      for (const entry of entries) entry.end();
      await Promise.all(entries.map((entry) => entry.done));
      await server.shutdown();
    },
  }));
}

/** Pumps bytes both ways until either side closes or fails, then closes both. */
function relay(
  socket: WebSocket,
  conn: Deno.TcpConn,
  forget: (entry: { end: () => void; done: Promise<void> }) => void,
): { end: () => void; done: Promise<void> } {
  socket.binaryType = "arraybuffer";
  const writer = conn.writable.getWriter();
  const socketClosed = Promise.withResolvers<void>();
  let pumping: Promise<void> = Promise.resolve();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    try {
      conn.close();
    } catch {
      // Already closed by the readable reaching EOF.
    }
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
      socket.close();
    }
  };
  socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
    const bytes = typeof event.data === "string"
      ? new TextEncoder().encode(event.data)
      : new Uint8Array(event.data);
    writer.write(bytes).catch(end);
  };
  socket.onopen = () => {
    pumping = (async () => {
      try {
        for await (const chunk of conn.readable) socket.send(chunk);
      } catch {
        // The TCP side was closed under the read: ending is already under way.
      } finally {
        end();
      }
    })();
  };
  socket.onerror = end;
  socket.onclose = () => {
    end();
    socketClosed.resolve();
  };
  const entry = { end, done: socketClosed.promise.then(() => pumping) };
  entry.done.then(() => forget(entry));
  return entry;
}
