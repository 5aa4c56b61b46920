import { z } from "zod";
import { defineJob } from "../jobs/job_definition.ts";
import { applyRetention } from "./apply_retention.ts";

/** Daily: deletes what is past its retention and rolls pitch views up (see `applyRetention`). */
export const applyRetentionJob = defineJob({
  name: "apply-retention",
  payload: z.strictObject({}),
  async handle({ ctx }) {
    await applyRetention({ ctx });
  },
});
