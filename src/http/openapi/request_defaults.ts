import { type JsonSchema, type OpenApiLike, operationsOf } from "./document_types.ts";

/**
 * Takes `default` out of the schemas a client sends (request bodies and parameters) and says it in
 * the description instead. A request field with a default is optional (zod-openapi leaves it out
 * of `required`), but client generators read `default` as "always present": openapi-typescript
 * (`defaultNonNullable`, on by default) then makes it a required property, so a minimal
 * `POST /v1/pitches` does not compile. Response schemas keep their defaults: there they are true.
 */
export function moveRequestDefaults(doc: OpenApiLike): void {
  const schemas = doc.components?.schemas ?? {};
  const seen = new Set<object>();
  const visit = (schema: JsonSchema | undefined) => {
    if (!schema || typeof schema !== "object" || seen.has(schema)) return;
    seen.add(schema);
    if (typeof schema.$ref === "string") {
      return visit(schemas[schema.$ref.replace("#/components/schemas/", "")]);
    }
    if ("default" in schema) {
      const note = `Default: \`${JSON.stringify(schema.default)}\`.`;
      schema.description = schema.description ? `${schema.description}. ${note}` : note;
      delete schema.default;
    }
    for (const child of Object.values(schema.properties ?? {})) visit(child);
    for (const key of ["items", "additionalProperties"] as const) visit(asSchema(schema[key]));
    for (const key of ["anyOf", "oneOf", "allOf"] as const) schema[key]?.forEach(visit);
  };
  for (const operation of operationsOf(doc)) {
    for (const media of Object.values(operation.requestBody?.content ?? {})) visit(media.schema);
    for (const parameter of operation.parameters ?? []) visit(parameter.schema);
  }
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value && typeof value === "object" ? value as JsonSchema : undefined;
}
