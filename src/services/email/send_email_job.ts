import { z } from "zod";
import {
  isNotification,
  NOTIFICATION_CATEGORIES,
  REQUIRED_EMAIL_CATEGORIES,
} from "../../lib/email_categories.ts";
import { defineJob } from "../jobs/job_definition.ts";
import { releaseDailySend } from "./release_daily_send.ts";
import { reserveDailySend } from "./reserve_daily_send.ts";
import { notificationPermission } from "./notification_permission.ts";

/** Header names as RFC 5322 allows them; values on one line, so nothing can add a header. */
const HEADER_NAME = /^[!-9;-~]{1,76}$/;
const HEADER_VALUE = /^[^\r\n]{0,2000}$/;

/**
 * Sends one email. Services queue it (`queueEmail`) instead of calling the mailer so a slow or
 * failing provider never sits on a request's path and failures are retried by the queue.
 * Notifications are skipped, with a log line, when the recipient opted out of their category, no
 * longer has an account, or reached the daily cap. The queue's message id is the provider's
 * idempotency key, so a redelivery after a lost answer does not send twice.
 */
export const sendEmailJob = defineJob({
  name: "send-email",
  payload: z.strictObject({
    to: z.email(),
    subject: z.string().min(1).max(300),
    text: z.string().min(1),
    html: z.string().optional(),
    tag: z.string().min(1).max(40),
    /** Absent in payloads queued before categories existed: those were all transactional. */
    category: z.enum([...REQUIRED_EMAIL_CATEGORIES, ...NOTIFICATION_CATEGORIES])
      .default("transactional"),
    userId: z.string().min(1).max(64).optional(),
    headers: z.record(z.string().regex(HEADER_NAME), z.string().regex(HEADER_VALUE)).optional(),
  }).refine((email) => !isNotification(email.category) || email.userId !== undefined, {
    message: "Notifications need the recipient's userId",
    path: ["userId"],
  }),
  async handle({ ctx, input, meta }) {
    const { category, userId, ...message } = input;
    const fields = { tag: message.tag, category, userId, messageId: meta.messageId };
    let reservedDay: string | undefined;
    if (isNotification(category) && userId !== undefined) {
      const permission = await notificationPermission({ ctx, input: { userId, category } });
      if (permission !== "allowed") {
        ctx.logger.info("Email skipped: the recipient opted out or has no account", {
          ...fields,
          reason: permission,
        });
        return;
      }
      reservedDay = await reserveDailySend({ ctx, input: { userId } });
      if (reservedDay === undefined) {
        ctx.logger.warn("Email skipped: the recipient reached the daily notification cap", {
          ...fields,
          cap: ctx.settings.mailDailyCap,
        });
        return;
      }
    }
    let providerId: string;
    try {
      ({ id: providerId } = await ctx.mailer.send({
        ...message,
        // The outbox row id survives a republish, where the queue's message id would not.
        idempotencyKey: meta.deduplicationId ?? meta.messageId,
      }));
    } catch (error) {
      // Not sent: the retry must not find the day's allowance spent by this attempt.
      if (reservedDay !== undefined && userId !== undefined) {
        await releaseDailySend({ ctx, input: { userId, day: reservedDay } }).catch((cause) =>
          ctx.logger.error("Daily cap reservation not released", {
            ...fields,
            error: String(cause),
          })
        );
      }
      throw error;
    }
    ctx.logger.info("Email sent", { ...fields, mailer: ctx.mailer.name, providerId });
  },
});
