import { z } from "zod";
import { defineJob } from "../jobs/job_definition.ts";

/**
 * Sends one transactional email. Services enqueue it instead of calling the mailer so a slow or
 * failing provider never sits on a request's path and failures are retried by the queue.
 */
export const sendEmailJob = defineJob({
  name: "send-email",
  payload: z.strictObject({
    to: z.email(),
    subject: z.string().min(1).max(200),
    text: z.string().min(1),
    html: z.string().optional(),
    tag: z.string().min(1).max(40),
  }),
  async handle({ ctx, input, meta }) {
    const { id } = await ctx.mailer.send(input);
    ctx.logger.info("Email sent", { tag: input.tag, providerId: id, messageId: meta.messageId });
  },
});
