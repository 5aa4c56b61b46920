import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { Mailbox, SentEmail } from "../../ports/mailer.ts";
import { createMemoryMailer, type MemoryMailer } from "./memory_mailer.ts";

/** How many messages the dev mailer keeps for `GET /dev/mail`. */
export const DEV_MAILBOX_SIZE = 100;

const LINK = /https?:\/\/[^\s<>"]+/g;

/**
 * The embedded default (`MAIL_PROVIDER=dev`): sends nothing, logs each message with its links and
 * keeps the last 100 for `GET /dev/mail`, so a front end can finish the verify and reset flows
 * without a mail provider. Links carry one-time tokens: logging them is the point here, and this
 * adapter is never used where mail really leaves the process.
 */
export function createDevMailer(
  options: { logger: Logger; clock: Clock; maxMessages?: number },
): MemoryMailer & Mailbox {
  const store = createMemoryMailer({
    maxMessages: options.maxMessages ?? DEV_MAILBOX_SIZE,
    clock: options.clock,
    name: "dev",
  });
  return {
    name: "dev",
    outbox: store.outbox,
    async send(message) {
      const result = await store.send(message);
      options.logger.info("Email kept by the dev mailer (not sent)", {
        mailId: result.id,
        to: message.to,
        subject: message.subject,
        tag: message.tag,
        links: [...new Set(message.text.match(LINK) ?? [])],
      });
      return result;
    },
    recent(): SentEmail[] {
      return [...store.outbox].reverse();
    },
  };
}
