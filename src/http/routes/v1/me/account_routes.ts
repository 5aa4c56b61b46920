import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requireSession } from "../../../auth/guards.ts";
import { AccountSchema, PasswordSchema, SessionSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const security = AUTHENTICATED;

export const getMeRoute = createRoute({
  method: "get",
  operationId: "getMe",
  path: "/",
  tags: ["Account"],
  summary: "The signed-in caller's account",
  security,
  middleware: [requireAuth()] as const,
  responses: {
    200: { description: "The account", content: { "application/json": { schema: AccountSchema } } },
    ...problemResponses(401, 404),
  },
});

/**
 * `https://` with a domain name only: the front end renders it as an image source next to other
 * people's pages. The prefix is checked as written because `URL` also accepts `https:host`.
 */
const AvatarUrlSchema = z.string()
  .max(2048, { abort: true })
  .refine(isHttpsUrl, "Must be an https:// URL with a domain name")
  .openapi({ format: "uri", example: "https://cdn.example.com/avatar.png" });

function isHttpsUrl(value: string): boolean {
  if (!value.startsWith("https://") || hasSpaceOrControl(value)) return false;
  const url = URL.parse(value);
  return url !== null && z.regexes.domain.test(url.hostname);
}

// URL parsing silently drops tabs, newlines and trailing controls; the stored value keeps them.
function hasSpaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const updateMeRoute = createRoute({
  method: "patch",
  operationId: "updateMe",
  path: "/",
  tags: ["Account"],
  summary: "Change the caller's name, bio or avatar",
  description: "Absent fields stay as they are; `null` clears bio or avatar. An empty object " +
    "changes nothing and returns the account as it is. Any other field (`email`, `role`, ...) " +
    "is refused with 422. A read-only API key gets 403.",
  security,
  // Before validation: an anonymous caller learns it must sign in, not what the body lacks.
  middleware: [requireAuth()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            name: z.string().trim().min(1).max(100).optional(),
            bio: z.string().max(2000).nullable().optional(),
            avatarUrl: AvatarUrlSchema.nullable().optional(),
          }).openapi("ProfileChanges"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The updated account",
      content: { "application/json": { schema: AccountSchema } },
    },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const deleteMeRoute = createRoute({
  method: "delete",
  operationId: "deleteMe",
  path: "/",
  tags: ["Account"],
  summary: "Delete the caller's account and all its data",
  description: "Signs out every session and revokes every API key at once. Needs a signed-in " +
    "session: an API key gets 403.",
  security,
  middleware: [requireSession()] as const,
  responses: {
    204: { description: "Deleted; the session cookie is cleared" },
    ...problemResponses(401, 403, 404),
  },
});

export const changePasswordRoute = createRoute({
  method: "put",
  operationId: "changePassword",
  path: "/password",
  tags: ["Account"],
  summary: "Change the caller's password",
  description: "Checks `currentPassword`, sets `newPassword`, then revokes every session and " +
    "every API key of the account and returns one new session (also set as the cookie). A wrong " +
    "current password is 403 and counts towards the login lockout. Needs a signed-in session.",
  security,
  middleware: [requireSession()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            currentPassword: z.string().min(1).max(128),
            newPassword: PasswordSchema,
          }).openapi("PasswordChange"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The new session; every other credential is revoked",
      content: { "application/json": { schema: z.object({ session: SessionSchema }) } },
    },
    ...problemResponses(401, 403, 422, 429),
  },
});
