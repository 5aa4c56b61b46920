import assert from "node:assert/strict";
import { PROBLEMS, type ProblemSlug } from "../../src/http/problem.ts";
import { isExemptPath } from "../../src/http/rate_limited_paths.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness, TEST_PUBLIC_URL } from "../support/harness.ts";

interface Schema {
  $ref?: string;
  type?: unknown;
  enum?: unknown[];
  default?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ schema?: Schema; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
  "x-internal"?: boolean;
}
interface Document {
  tags?: Array<{ name: string; description?: string }>;
  info: { description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, unknown> };
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const INTERNAL_PREFIXES = ["/jobs/", "/webhooks/", "/dev/"];

function operations(doc: Document) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      path,
      operation: item[method]!,
    }))
  );
}

Deno.test("the OpenAPI document is generator-friendly", async (t) => {
  // The dev mailer mounts `GET /dev/mail` too, so every route the app can have is documented.
  const h = await createHarness({ mailer: "dev" });
  try {
    const doc = await expectJson<Document>(await h.app.request("/openapi.json"), 200);
    const all = operations(doc);

    await t.step("every operation has a unique verbNoun operationId", () => {
      const seen = new Map<string, string>();
      for (const { key, operation } of all) {
        const id = operation.operationId;
        assert.ok(id, `${key} has no operationId`);
        assert.match(id, /^[a-z]+(?:[A-Z][a-z0-9]*)+$/, `${key}: "${id}" is not verbNoun`);
        assert.equal(seen.get(id), undefined, `"${id}" is used by ${seen.get(id)} and ${key}`);
        seen.set(id, key);
      }
    });

    await t.step("every operation has one tag, declared and described at the top level", () => {
      const declared = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
      assert.ok(declared.size > 0, "no top-level tags");
      for (const [name, description] of declared) assert.ok(description, `tag "${name}"`);
      const used = new Set<string>();
      for (const { key, operation } of all) {
        assert.equal(operation.tags?.length, 1, `${key} tags: ${operation.tags}`);
        const tag = operation.tags![0]!;
        assert.ok(declared.has(tag), `${key} has the undeclared tag "${tag}"`);
        used.add(tag);
      }
      assert.deepEqual([...declared.keys()].filter((tag) => !used.has(tag)), [], "unused tags");
    });

    await t.step("internal routes are marked x-internal, and only they", () => {
      for (const { key, path, operation } of all) {
        const internal = INTERNAL_PREFIXES.some((prefix) => path.startsWith(prefix));
        assert.equal(operation["x-internal"] === true, internal, key);
      }
    });

    await t.step("a request default does not make a field required", () => {
      const newPitch = doc.components.schemas.NewPitch!;
      assert.deepEqual(newPitch.required?.toSorted(), ["format", "genre", "logline", "title"]);
      for (const { key, operation } of all) {
        for (const media of Object.values(operation.requestBody?.content ?? {})) {
          assert.deepEqual(defaultsIn(media.schema, doc), [], `${key} request body`);
        }
        for (const parameter of operation.parameters ?? []) {
          assert.deepEqual(defaultsIn(parameter.schema ?? {}, doc), [], `${key} parameter`);
        }
      }
      // Response fields are always present, defaults or not.
      assert.ok(doc.components.schemas.Pitch!.required?.includes("visibility"));
    });

    await t.step("errors the middleware causes are documented on every operation", () => {
      for (const { key, method, path, operation } of all) {
        const statuses = Object.keys(operation.responses);
        for (const status of ["401", "500", "503"]) assert.ok(statuses.includes(status), key);
        if (method !== "get") {
          for (const status of ["403", "413", "415"]) {
            assert.ok(statuses.includes(status), `${key} lacks ${status}`);
          }
        }
        if (operation.requestBody) assert.ok(statuses.includes("422"), `${key} lacks 422`);
        const limited = !isExemptPath(path.replace(/\{[^}]+\}/g, "x"));
        assert.equal(statuses.includes("429"), limited, `${key} 429`);
      }
    });

    await t.step("every response documents X-Request-Id; 201 and 202 with Location do", () => {
      const components = doc.components.responses as Record<string, { headers: object }>;
      for (const { key, operation } of all) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const headers = response.$ref
            ? components[response.$ref.split("/").pop()!]!.headers
            : response.headers ?? {};
          assert.ok("X-Request-Id" in headers, `${key} ${status}`);
        }
      }
      for (const [path, status] of [["/v1/pitches", "201"], ["/v1/me/exports", "202"]] as const) {
        const created = doc.paths[path]!.post!.responses[status]!;
        assert.ok(created.headers && "Location" in created.headers, `POST ${path} ${status}`);
      }
    });

    await t.step("every problem slug is enumerated and described at /problems/<slug>", async () => {
      const slugs = Object.keys(PROBLEMS) as ProblemSlug[];
      const typeEnum = doc.components.schemas.Problem!.properties!.type!.enum;
      assert.deepEqual(typeEnum, slugs.map((slug) => `${TEST_PUBLIC_URL}/problems/${slug}`));
      for (const slug of slugs) {
        const page = await expectJson<{ type: string; description: string; status: number }>(
          await h.app.request(`/problems/${slug}`),
          200,
        );
        assert.equal(page.type, slug);
        assert.equal(page.status, PROBLEMS[slug].status);
        assert.ok(page.description.length > 20, `${slug}: ${page.description}`);
      }
    });

    await t.step("problem shapes are typed, not loose", () => {
      const schemas = doc.components.schemas;
      const validation = schemas.ValidationProblem!;
      assert.equal(validation.properties?.errors?.type, "array");
      assert.ok(validation.properties?.errors?.items?.anyOf, "errors[] items are typed");
      const quota = schemas.QuotaProblem!;
      for (const field of ["metric", "limit", "used", "resetsAt"]) {
        assert.ok(quota.required?.includes(field), `QuotaProblem.${field}`);
        assert.ok(quota.properties?.[field]?.type, `QuotaProblem.${field} has a type`);
      }
      assert.deepEqual(quota.properties!.type!.enum, [
        `${TEST_PUBLIC_URL}/problems/quota-exceeded`,
      ]);
      assert.ok(schemas.RetryProblem!.properties?.retryAfter?.type);
    });

    await t.step("info.description carries the API conventions", () => {
      const text = doc.info.description ?? "";
      for (
        const topic of ["problem+json", "Bearer", "credentials: 'include'", "Origin", "cursor"]
      ) {
        assert.ok(text.includes(topic), `no "${topic}" in info.description`);
      }
      for (const topic of ["ETag", "RateLimit", "Retry-After", "Idempotency-Key", "SameSite"]) {
        assert.ok(text.includes(topic), `no "${topic}" in info.description`);
      }
    });
  } finally {
    await h.close();
  }
});

/** Paths of every schema under `schema` (following `$ref`s) that still declares a `default`. */
function defaultsIn(schema: Schema, doc: Document, at = "#", seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) {
    const target = doc.components.schemas[schema.$ref.split("/").pop()!]!;
    return defaultsIn(target, doc, schema.$ref, seen);
  }
  const found = "default" in schema ? [at] : [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    found.push(...defaultsIn(child, doc, `${at}/${name}`, seen));
  }
  if (schema.items) found.push(...defaultsIn(schema.items, doc, `${at}/items`, seen));
  return found;
}
