import {
  createDeliveryEngine,
  type DeadLetter,
  type DeliveryRecord,
  type PublishedMessage,
} from "./qstash_fake_delivery.ts";

export { signQstashJwt } from "./qstash_signing.ts";
export { qstashBackoffSeconds } from "./qstash_fake_delivery.ts";
export type { DeadLetter, DeliveryRecord, PublishedMessage };

export interface QstashFakeOptions {
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Deliver every accepted message by itself (default true); false leaves it to `deliver`. */
  autoDeliver?: boolean;
  /** Multiplies every wait (delays, retry backoff): 0.001 turns QStash's 12 s into 12 ms. */
  timeFactor?: number;
  /** Retries of a message published without `Upstash-Retries` (QStash's free plan: 3). */
  defaultRetries?: number;
  /** The clock of the deduplication window; defaults to `Date.now`. */
  now?: () => number;
}

export interface QstashFake {
  /** Base URL to hand the real `Client` as `baseUrl`. */
  url: string;
  published: PublishedMessage[];
  /** Every POST the fake made, automatic or manual, failure callbacks included. */
  deliveries: DeliveryRecord[];
  /** Messages the fake gave up on (retries exhausted, or refused with a 489). */
  deadLetters: DeadLetter[];
  /** POSTs a recorded message to its destination once, signed like QStash does. */
  deliver(messageId: string, options?: { retried?: number }): Promise<Response>;
  /** Resolves once no delivery is scheduled or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const PUBLISH_PREFIX = "/v2/publish/";
const DEDUPLICATION_WINDOW_MS = 10 * 60 * 1000;

/**
 * A loopback fake of QStash that the real `@upstash/qstash` client talks to: the v2 publish API
 * (bearer auth; `{ messageId }` answers, 201, or 202 for a publish deduplicated within the
 * 10-minute window of `Upstash-Deduplication-Id`), then delivery by itself with QStash's retries,
 * backoff, 489 handling and failure callback (see `createDeliveryEngine`), signed with the current
 * key so the real `Receiver` accepts it.
 */
export function startQstashFake(options: QstashFakeOptions): Promise<QstashFake> {
  const published: PublishedMessage[] = [];
  const byDeduplicationId = new Map<string, { messageId: string; at: number }>();
  const now = options.now ?? Date.now;
  const autoDeliver = options.autoDeliver ?? true;
  const engine = createDeliveryEngine({
    signingKey: options.currentSigningKey,
    timeFactor: options.timeFactor ?? 1,
    defaultRetries: options.defaultRetries ?? 3,
  });

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
    const at = now();
    const seen = deduplicationId ? byDeduplicationId.get(deduplicationId) : undefined;
    if (seen && at - seen.at < DEDUPLICATION_WINDOW_MS) {
      return Response.json({ messageId: seen.messageId, url: destination, deduplicated: true }, {
        status: 202,
      });
    }
    const messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    if (deduplicationId) byDeduplicationId.set(deduplicationId, { messageId, at });
    const message = {
      destination,
      body,
      headers: Object.fromEntries(request.headers),
      messageId,
      createdAt: at,
    };
    published.push(message);
    if (autoDeliver) engine.start(message, delaySeconds(message.headers["upstash-delay"]) * 1000);
    return Response.json({ messageId, url: destination }, { status: 201 });
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);

  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    published,
    deliveries: engine.deliveries,
    deadLetters: engine.deadLetters,
    async deliver(messageId, deliverOptions = {}) {
      const message = published.find((m) => m.messageId === messageId);
      if (!message) {
        throw new Error(`Cannot deliver message "${messageId}": it was never published`);
      }
      return await engine.deliverOnce(message, deliverOptions.retried ?? 0);
    },
    idle: () => engine.idle(),
    async close() {
      await engine.close();
      await server.shutdown();
    },
  });
}

/** `Upstash-Delay` as QStash reads it: a number with a unit (`3s`, `2m`, `1h`, `1d`). */
function delaySeconds(header: string | undefined): number {
  const match = header ? /^(\d+)([smhd])$/.exec(header) : null;
  if (!match) return 0;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}
