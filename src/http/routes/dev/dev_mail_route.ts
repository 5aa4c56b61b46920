import { createRoute, z } from "@hono/zod-openapi";

export const DevMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  sentAt: z.string().openapi({ format: "date-time" }),
}).openapi("DevMail");

export const devMailRoute = createRoute({
  method: "get",
  operationId: "listDevMail",
  path: "/mail",
  tags: ["Development"],
  summary: "The last 100 emails the dev mailer kept (MAIL_PROVIDER=dev only)",
  description: "Newest first. Nothing is sent with the dev mailer: read verification and reset " +
    "links here. Mounted only when the dev mailer is in use.",
  responses: {
    200: {
      description: "The kept emails",
      content: { "application/json": { schema: z.object({ items: z.array(DevMailSchema) }) } },
    },
  },
});
