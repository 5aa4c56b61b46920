/**
 * Writes `client/schema.d.ts`, the types of the typed client, from the document the app serves
 * (`deno task client:generate`). `deno task client:check` fails when the committed file differs
 * from what this would write, so a route change without a regenerated client fails CI.
 */
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { appOpenApiDocument } from "./openapi_document.ts";
import { withoutInternalOperations } from "./public_operations.ts";

export const CLIENT_SCHEMA_FILE = new URL("../../client/schema.d.ts", import.meta.url);

const HEADER = `/**
 * The API's paths, operations and schemas as TypeScript types, generated from \`/openapi.json\` by
 * \`deno task client:generate\` (openapi-typescript). Do not edit: \`deno task client:check\` fails
 * when this file is out of date with the routes.
 */

`;

/** The text of `client/schema.d.ts` for the routes as they are now. */
export async function generateClientSchema(): Promise<string> {
  const doc = withoutInternalOperations(await appOpenApiDocument());
  // openapi-typescript's default makes every property with a default required, which is right for
  // responses and wrong for requests: a minimal `POST /v1/pitches` would not compile. The
  // document's own `required` lists are what a caller must send.
  // The app built the document with its own OpenAPI types; this reads it as parsed JSON.
  const ast = await openapiTS(doc as unknown as OpenAPI3, { defaultNonNullable: false });
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  const text = await generateClientSchema();
  await Deno.writeTextFile(CLIENT_SCHEMA_FILE, text);
  console.log(`Wrote ${CLIENT_SCHEMA_FILE.pathname} (${text.split("\n").length} lines)`);
}
