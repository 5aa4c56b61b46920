import { createRoute, z } from "@hono/zod-openapi";
import { MAX_ACTIVE_API_KEYS } from "../../../../services/accounts/create_api_key.ts";
import { requireSession } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import {
  ApiKeyListSchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
} from "../../../schemas/api_key_schemas.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const tags = ["API keys"];
const security = AUTHENTICATED;

export const createApiKeyRoute = createRoute({
  tags,
  security,
  // Managing credentials needs a person signed in: a leaked API key must not be able to mint more.
  middleware: [requireSession(), idempotencyKey()] as const,
  method: "post",
  operationId: "createApiKey",
  path: "/",
  summary: "Create an API key (the full key is shown once)",
  description: `Scopes are \`["read"]\` or \`["read", "write"]\`. At most ${MAX_ACTIVE_API_KEYS} ` +
    "active keys per account, then 409. Needs a signed-in session: an API key gets 403.",
  request: {
    body: { required: true, content: { "application/json": { schema: CreateApiKeyBodySchema } } },
  },
  parameters: idempotentOperation.parameters,
  responses: {
    201: {
      description: "Created; store `key` now, it cannot be shown again",
      content: { "application/json": { schema: CreatedApiKeySchema } },
    },
    ...problemResponses(401, 403, 409, 422),
    ...idempotentOperation.responses,
  },
});

export const listApiKeysRoute = createRoute({
  tags,
  security,
  middleware: [requireSession()] as const,
  method: "get",
  operationId: "listApiKeys",
  path: "/",
  summary: "List the caller's active API keys, newest first",
  responses: {
    200: {
      description: "Active keys, without the keys themselves",
      content: { "application/json": { schema: ApiKeyListSchema } },
    },
    ...problemResponses(401, 403),
  },
});

export const revokeApiKeyRoute = createRoute({
  tags,
  security,
  middleware: [requireSession()] as const,
  method: "delete",
  operationId: "revokeApiKey",
  path: "/{id}",
  summary: "Revoke an API key at once",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    204: { description: "Revoked; the key fails from the next request on" },
    ...problemResponses(401, 403, 404, 422),
  },
});
