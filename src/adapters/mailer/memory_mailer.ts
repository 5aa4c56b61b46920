import type { Clock } from "../../ports/clock.ts";
import type { EmailMessage, Mailer, SentEmail } from "../../ports/mailer.ts";

export interface MemoryMailer extends Mailer {
  /** Every message sent, oldest first; tests read links from here. */
  readonly outbox: ReadonlyArray<SentEmail>;
}

/**
 * The test mailer (and the store under the dev mailer): keeps messages in memory, bounded so a
 * long-running process does not grow without end, instead of sending them. Like a provider, a
 * message whose `idempotencyKey` was seen before is not kept again and gets the first one's id.
 */
export function createMemoryMailer(
  options: { maxMessages?: number; clock?: Clock; name?: string } = {},
): MemoryMailer {
  const max = options.maxMessages ?? 1_000;
  const outbox: SentEmail[] = [];
  const byKey = new Map<string, string>();
  return {
    name: options.name ?? "memory",
    outbox,
    send(message: EmailMessage) {
      const known = message.idempotencyKey && byKey.get(message.idempotencyKey);
      if (known) return Promise.resolve({ id: known });
      const id = `mail_${crypto.randomUUID()}`;
      if (message.idempotencyKey) byKey.set(message.idempotencyKey, id);
      outbox.push({ ...message, id, sentAt: options.clock?.now() ?? Date.now() });
      if (outbox.length > max) {
        for (const dropped of outbox.splice(0, outbox.length - max)) {
          if (dropped.idempotencyKey) byKey.delete(dropped.idempotencyKey);
        }
      }
      return Promise.resolve({ id });
    },
  };
}
