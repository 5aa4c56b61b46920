import type { EmailMessage, Mailer } from "../../ports/mailer.ts";

export interface MemoryMailer extends Mailer {
  /** Every message sent, oldest first; tests read links from here, developers see them in logs. */
  readonly outbox: ReadonlyArray<EmailMessage & { id: string }>;
}

/**
 * The embedded default and the test mailer: keeps messages in memory (bounded, so a long-running
 * dev server does not grow without end) instead of sending them.
 */
export function createMemoryMailer(options: { maxMessages?: number } = {}): MemoryMailer {
  const max = options.maxMessages ?? 1_000;
  const outbox: Array<EmailMessage & { id: string }> = [];
  return {
    name: "memory",
    outbox,
    send(message) {
      const id = `mail_${crypto.randomUUID()}`;
      outbox.push({ ...message, id });
      if (outbox.length > max) outbox.splice(0, outbox.length - max);
      return Promise.resolve({ id });
    },
  };
}
