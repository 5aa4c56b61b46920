/** A message the fake accepted, as QStash would store it. Header names are lower case. */
export interface PublishedMessage {
  destination: string;
  body: string;
  headers: Record<string, string>;
  messageId: string;
}

export interface QstashFake {
  /** Base URL to hand the real `Client` as `baseUrl`. */
  url: string;
  published: PublishedMessage[];
  /** POSTs a recorded message to its destination, signed like QStash does. */
  deliver(messageId: string): Promise<Response>;
  close(): Promise<void>;
}

const PUBLISH_PREFIX = "/v2/publish/";

/**
 * A loopback fake of the QStash v2 publish API that the real `@upstash/qstash` client talks to:
 * bearer auth, `{ messageId }` answers (201, or 202 for a deduplicated publish), and deliveries
 * carrying an `Upstash-Signature` JWT the real `Receiver` accepts.
 */
export function startQstashFake(options: {
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
}): Promise<QstashFake> {
  const published: PublishedMessage[] = [];
  const byDeduplicationId = new Map<string, string>();

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method !== "POST" || !url.pathname.startsWith(PUBLISH_PREFIX)) {
      return Response.json({ error: "not found" }, { status: 404 });
    }
    if (request.headers.get("authorization") !== `Bearer ${options.token}`) {
      return Response.json({ error: "Unauthorized" }, { status: 401 });
    }
    const destination = url.pathname.slice(PUBLISH_PREFIX.length) + url.search;
    const body = await request.text();
    const deduplicationId = request.headers.get("upstash-deduplication-id");
    const duplicateOf = deduplicationId ? byDeduplicationId.get(deduplicationId) : undefined;
    if (duplicateOf) {
      return Response.json({ messageId: duplicateOf, url: destination, deduplicated: true }, {
        status: 202,
      });
    }
    const messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    if (deduplicationId) byDeduplicationId.set(deduplicationId, messageId);
    published.push({
      destination,
      body,
      headers: Object.fromEntries(request.headers),
      messageId,
    });
    return Response.json({ messageId, url: destination }, { status: 201 });
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);

  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    published,
    async deliver(messageId) {
      const message = published.find((m) => m.messageId === messageId);
      if (!message) {
        throw new Error(`Cannot deliver message "${messageId}": it was never published`);
      }
      const headers = new Headers({
        "Content-Type": message.headers["content-type"] ?? "application/octet-stream",
        "Upstash-Message-Id": message.messageId,
        "Upstash-Retried": "0",
        "Upstash-Signature": await signQstashJwt({
          key: options.currentSigningKey,
          destination: message.destination,
          body: message.body,
        }),
      });
      // QStash forwards `Upstash-Forward-X: v` to the destination as `X: v`.
      for (const [name, value] of Object.entries(message.headers)) {
        if (name.startsWith("upstash-forward-")) headers.set(name.slice(16), value);
      }
      return await fetch(message.destination, { method: "POST", headers, body: message.body });
    },
    async close() {
      await server.shutdown();
    },
  });
}

/**
 * Signs a delivery the way QStash does: an HS256 JWT with iss "Upstash", sub = destination, a
 * five-minute lifetime and `body` = base64url SHA-256 of the body. QStash pads that claim with
 * "=" (the Receiver strips padding on both sides), so we do too.
 */
export async function signQstashJwt(input: {
  key: string;
  destination: string;
  body: string;
  nowSeconds?: number;
}): Promise<string> {
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input.body));
  const claims = {
    iss: "Upstash",
    sub: input.destination,
    exp: now + 300,
    nbf: now,
    iat: now,
    jti: `jwt_${crypto.randomUUID().replaceAll("-", "")}`,
    body: base64url(new Uint8Array(digest), true),
  };
  const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(input.key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(mac))}`;
}

function base64url(bytes: Uint8Array, padded = false): string {
  const base64 = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
  return padded ? base64 : base64.replace(/=+$/, "");
}
