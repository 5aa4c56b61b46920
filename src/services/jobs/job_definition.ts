import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import type { DeliveryMeta } from "../../ports/queue.ts";

/** What a handler learns about its delivery, whichever queue made it. */
export type JobMeta = DeliveryMeta;

/**
 * A background job: a name, the schema its payload must satisfy, and the handler. Handlers must be
 * idempotent (delivery is at least once); `runJob` also skips message ids already processed.
 */
export interface JobDefinition<P> {
  name: string;
  payload: z.ZodType<P>;
  handle(args: { ctx: Ctx; input: P; meta: JobMeta }): Promise<void>;
}

/** Declares a job with its payload type inferred from the schema. */
export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
