import { z } from "@hono/zod-openapi";

const ScopesSchema = z.array(z.enum(["read", "write"]))
  .openapi({ example: ["read"], description: '`["read"]` or `["read", "write"]`' });

/** `POST /v1/me/api-keys` body. */
export const CreateApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100).openapi({ example: "CI deploys" }),
  // `abort` keeps one error per field: an empty list needs no second note about "read".
  scopes: ScopesSchema.min(1, { error: 'Give at least the "read" scope', abort: true })
    // Bounded before the items are read: zod collects one issue per bad item, and a list of
    // 200,000 of them overflowed the stack while the issues were gathered (a 500).
    .max(2, { error: 'Expected at most 2 scopes: "read" and "write"', abort: true })
    .refine((scopes) => new Set(scopes).size === scopes.length, {
      error: "Scopes must not repeat",
      abort: true,
    })
    .refine((scopes) => scopes.includes("read"), 'Scopes must include "read"'),
}).openapi("CreateApiKeyBody");

/** An API key in a list: never the key or its digest. */
export const ApiKeySchema = z.object({
  id: z.string().openapi({ example: "key_8dK2mQ4xVb7nT3cW9pLr" }),
  name: z.string(),
  prefix: z.string().openapi({
    example: "pk_AbCd12345",
    description: "The first 12 characters of the key, to tell keys apart",
  }),
  scopes: ScopesSchema,
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
}).openapi("ApiKey");

/** A key just created: the only response that ever carries the full key. */
export const CreatedApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: ScopesSchema,
  createdAt: z.iso.datetime(),
  key: z.string().openapi({
    description: "The full key, shown once: only its SHA-256 digest is stored",
    example: "pk_AbCd12345...",
  }),
}).openapi("CreatedApiKey");

export const ApiKeyListSchema = z.object({
  items: z.array(ApiKeySchema),
}).openapi("ApiKeyList");
