import { signQstashJwt } from "./qstash_signing.ts";

/** A message the fake accepted, as QStash would store it. Header names are lower case. */
export interface PublishedMessage {
  destination: string;
  body: string;
  headers: Record<string, string>;
  messageId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** One POST the fake made to a destination; `status` 0 means the destination was unreachable. */
export interface DeliveryRecord {
  messageId: string;
  destination: string;
  retried: number;
  status: number;
}

/** A message the fake gave up on, as QStash's dead letter queue would list it. */
export interface DeadLetter {
  dlqId: string;
  messageId: string;
  destination: string;
  status: number;
  retried: number;
  maxRetries: number;
}

/** QStash's documented backoff before retry `n` (1-based): min(1 day, e^(2.5 n)) seconds. */
export function qstashBackoffSeconds(n: number): number {
  return Math.min(86_400, Math.exp(2.5 * n));
}

export interface DeliveryEngine {
  deliveries: DeliveryRecord[];
  deadLetters: DeadLetter[];
  /** Delivers `message` after `delayMs` (scaled), retrying and dead-lettering like QStash. */
  start(message: PublishedMessage, delayMs: number): void;
  /** One signed POST of `message` to its destination, as attempt `retried` (0-based). */
  deliverOnce(message: PublishedMessage, retried: number): Promise<Response>;
  /** Resolves once nothing is scheduled or in flight. */
  idle(): Promise<void>;
  /** Cancels every wait and lets requests in flight finish. */
  close(): Promise<void>;
}

/**
 * The delivery side of the QStash fake: signed POSTs with `Upstash-Message-Id` and
 * `Upstash-Retried`, retries of any non-2xx with QStash's backoff (every wait multiplied by
 * `timeFactor` so tests run fast), `Upstash-Retries` honoured, a 489 with
 * `Upstash-NonRetryable-Error: true` dead-lettered at once, and on giving up the documented
 * failure callback body POSTed, signed, to `Upstash-Failure-Callback`.
 */
export function createDeliveryEngine(options: {
  signingKey: string;
  timeFactor: number;
  defaultRetries: number;
}): DeliveryEngine {
  const deliveries: DeliveryRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const active = new Set<Promise<void>>();
  const waits = new Map<ReturnType<typeof setTimeout>, () => void>();
  let closed = false;

  // Resolves true after `ms` (scaled), or false at once when the fake closes.
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closed) return resolve(false);
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve(true);
      }, Math.max(0, ms * options.timeFactor));
      waits.set(timer, () => {
        clearTimeout(timer);
        resolve(false);
      });
    });

  const deliverOnce = async (message: PublishedMessage, retried: number) => {
    const headers = new Headers({
      "Content-Type": message.headers["content-type"] ?? "application/octet-stream",
      "User-Agent": "Upstash-QStash",
      "Upstash-Message-Id": message.messageId,
      "Upstash-Retried": String(retried),
      "Upstash-Signature": await signQstashJwt({
        key: options.signingKey,
        destination: message.destination,
        body: message.body,
      }),
    });
    // QStash forwards `Upstash-Forward-X: v` to the destination as `X: v`.
    for (const [name, value] of Object.entries(message.headers)) {
      if (name.startsWith("upstash-forward-")) headers.set(name.slice(16), value);
    }
    return await fetch(message.destination, { method: "POST", headers, body: message.body });
  };

  const attempt = async (message: PublishedMessage, retried: number) => {
    let response: Response | undefined;
    let text = "";
    try {
      response = await deliverOnce(message, retried);
      text = await response.text();
    } catch {
      response = undefined;
    }
    const status = response?.status ?? 0;
    deliveries.push({
      messageId: message.messageId,
      destination: message.destination,
      retried,
      status,
    });
    return { response, status, text };
  };

  const giveUp = (
    message: PublishedMessage,
    last: { response: Response | undefined; status: number; text: string },
    retried: number,
    maxRetries: number,
  ) => {
    const dlqId = `${Date.now()}-${deadLetters.length}`;
    deadLetters.push({
      dlqId,
      messageId: message.messageId,
      destination: message.destination,
      status: last.status,
      retried,
      maxRetries,
    });
    const callbackUrl = message.headers["upstash-failure-callback"];
    if (!callbackUrl) return;
    const report = {
      status: last.status,
      header: multiValued(last.response ? Object.fromEntries(last.response.headers) : {}),
      body: toBase64(last.text),
      retried,
      maxRetries,
      dlqId,
      sourceMessageId: message.messageId,
      url: message.destination,
      method: message.headers["upstash-method"] ?? "POST",
      sourceHeader: multiValued(withoutSecrets(message.headers)),
      sourceBody: toBase64(message.body),
      notBefore: String(message.createdAt),
      createdAt: String(message.createdAt),
      callerIP: "127.0.0.1",
    };
    // The failure callback is a QStash message of its own: signed for its URL, retried alike.
    start({
      messageId: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
      destination: callbackUrl,
      body: JSON.stringify(report),
      headers: { "content-type": "application/json", "upstash-method": "POST" },
      createdAt: Date.now(),
    }, 0);
  };

  const run = async (message: PublishedMessage, delayMs: number) => {
    if (delayMs > 0 && !(await sleep(delayMs))) return;
    const retriesHeader = message.headers["upstash-retries"];
    const maxRetries = retriesHeader === undefined ? options.defaultRetries : Number(retriesHeader);
    for (let retried = 0;; retried++) {
      const last = await attempt(message, retried);
      if (last.status >= 200 && last.status < 300) return;
      const nonRetryable = last.status === 489 &&
        last.response?.headers.get("upstash-nonretryable-error") === "true";
      if (nonRetryable || retried >= maxRetries) {
        return giveUp(message, last, retried, maxRetries);
      }
      if (!(await sleep(qstashBackoffSeconds(retried + 1) * 1000))) return;
    }
  };

  const start = (message: PublishedMessage, delayMs: number) => {
    if (closed) return;
    const running = run(message, delayMs).finally(() => active.delete(running));
    active.add(running);
  };

  return {
    deliveries,
    deadLetters,
    start,
    deliverOnce,
    async idle() {
      while (active.size > 0) await Promise.all([...active]);
    },
    async close() {
      closed = true;
      for (const cancel of [...waits.values()]) cancel();
      waits.clear();
      while (active.size > 0) await Promise.all([...active]);
    },
  };
}

function multiValued(headers: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
}

function withoutSecrets(headers: Record<string, string>): Record<string, string> {
  const { authorization: _, ...rest } = headers;
  return rest;
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
