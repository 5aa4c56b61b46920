import { z } from "@hono/zod-openapi";

/** `limit` and `cursor` of the keyset-paginated lists of saves, follows and the feed. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional().openapi({
    description: "`nextCursor` of the previous page; opaque",
  }),
});

/** Path parameter of the routes acting on one pitch or one user. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });
