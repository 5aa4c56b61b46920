import { z } from "zod";
import { defineJob } from "../jobs/job_definition.ts";
import { sweepOutbox } from "../jobs/sweep_outbox.ts";

/** Every minute: republishes outbox rows left pending (a crash, a queue outage). */
export const sweepOutboxJob = defineJob({
  name: "sweep-outbox",
  payload: z.strictObject({}),
  async handle({ ctx }) {
    const counts = await sweepOutbox({ ctx });
    ctx.logger.debug("Outbox swept", { ...counts });
  },
});
