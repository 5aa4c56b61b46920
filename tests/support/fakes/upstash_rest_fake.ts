/**
 * The Upstash REST front is dev tooling too (`deno task redis:rest`), so it lives under `scripts/`;
 * tests keep importing it from here, under the name they know it by.
 */
export {
  startUpstashRestFake,
  type UpstashRestFake,
  type UpstashRestFakeMode,
} from "../../../scripts/redis_rest/upstash_rest_front.ts";
