import { z } from "zod";
import { defineJob } from "../jobs/job_definition.ts";
import { sendWeeklyDigest } from "./send_weekly_digest.ts";

/** Weekly: queues one digest email per follower of creators who published (see `sendWeeklyDigest`). */
export const sendWeeklyDigestJob = defineJob({
  name: "send-weekly-digest",
  payload: z.strictObject({}),
  async handle({ ctx }) {
    await sendWeeklyDigest({ ctx });
  },
});
