import { createRoute, z } from "@hono/zod-openapi";
import { NOTIFICATION_CATEGORIES } from "../../../../lib/email_categories.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";

const TokenQuery = z.object({
  token: z.string().min(1).max(300).openapi({ description: "The token from the email's link" }),
});

export const UnsubscribeResultSchema = z.object({
  category: z.enum(NOTIFICATION_CATEGORIES),
  unsubscribed: z.boolean(),
}).openapi("UnsubscribeResult");

export const unsubscribePageRoute = createRoute({
  method: "get",
  operationId: "readUnsubscribeLink",
  path: "/unsubscribe",
  tags: ["Email"],
  summary: "Confirmation page of an unsubscribe link (changes nothing)",
  description: "Where a person's click on an email's unsubscribe link lands: a small page with " +
    "one button that unsubscribes (a POST to the same URL). Link scanners open links too, so a " +
    "GET never unsubscribes. JSON instead of HTML with `Accept: application/json`. No sign-in.",
  request: { query: TokenQuery },
  responses: {
    200: {
      description: "The confirmation page (or its JSON, with `unsubscribed: false`)",
      content: {
        "text/html": { schema: z.string() },
        "application/json": { schema: UnsubscribeResultSchema },
      },
    },
    ...problemResponses(400, 422),
  },
});

export const unsubscribeRoute = createRoute({
  method: "post",
  operationId: "unsubscribeEmail",
  path: "/unsubscribe",
  tags: ["Email"],
  summary: "One-click unsubscribe (RFC 8058)",
  description: "Mail clients POST `List-Unsubscribe=One-Click` (form-encoded) here from the " +
    "`List-Unsubscribe` header; the confirmation page's button does the same. The signed token " +
    "is the only authority: no sign-in. Idempotent. HTML for browsers (`Accept: text/html`).",
  request: { query: TokenQuery },
  responses: {
    200: {
      description: "Unsubscribed from the link's category",
      content: {
        "application/json": { schema: UnsubscribeResultSchema },
        "text/html": { schema: z.string() },
      },
    },
    ...problemResponses(400, 422),
  },
});
