import { z } from "zod";
import { defineJob } from "../jobs/job_definition.ts";
import { maintainLedgerPartitions } from "./maintain_ledger_partitions.ts";

/** Daily: keeps the usage ledger's monthly partitions ready (see `maintainLedgerPartitions`). */
export const maintainLedgerPartitionsJob = defineJob({
  name: "maintain-ledger-partitions",
  payload: z.strictObject({}),
  async handle({ ctx }) {
    await maintainLedgerPartitions({ ctx });
  },
});
