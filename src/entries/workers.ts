import { createApp } from "../app.ts";
import { ConfigError, loadConfig } from "../config/load_config.ts";
import { createDeps } from "../deps.ts";

/** What Workers hands `fetch`: the bindings (variables and secrets, all strings) and the context. */
type Bindings = Record<string, string | undefined>;
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

type App = ReturnType<typeof createApp>;
type Built = { app: App; drain: () => Promise<void> };

let built: Promise<Built> | undefined;

/**
 * Cloudflare Workers entry: the same config, deps and app as `main.ts`, built once per isolate
 * on the first request (bindings only exist from then on). Bundled by `deno task build:workers`
 * into dist/workers/worker.mjs, which `wrangler.jsonc` deploys.
 */
async function build(env: Bindings): Promise<Built> {
  const config = loadConfig(env);
  const deps = await createDeps(config);
  return { app: createApp(deps), drain: () => deps.background.drain() };
}

export default {
  async fetch(request: Request, env: Bindings, ctx?: ExecutionContext): Promise<Response> {
    built ??= build(env);
    let ready: Built;
    try {
      ready = await built;
    } catch (error) {
      built = undefined;
      const detail = error instanceof ConfigError ? error.message : "Startup failed";
      console.error(error);
      return new Response(JSON.stringify({ title: "Service unavailable", detail }), {
        status: 503,
        headers: { "content-type": "application/problem+json" },
      });
    }
    // Workers has no socket address: Cloudflare's edge writes CF-Connecting-IP (a client cannot
    // set it), so it stands in for the socket whatever TRUST_PROXY says.
    const hostname = request.headers.get("cf-connecting-ip") ?? undefined;
    const response = await ready.app.fetch(request, { remoteAddr: { hostname } });
    // Background work (view flushes, outbox kicks) would be cut off when the response is sent.
    ctx?.waitUntil(ready.drain());
    return response;
  },
};
