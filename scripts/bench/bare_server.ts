/**
 * The baseline every HTTP benchmark is compared against: the smallest useful Deno.serve JSON
 * handler. Started as a subprocess by `http_pitches.ts` (`deno run --allow-net bare_server.ts PORT`)
 * so it runs on its own thread, like the API does.
 */
const port = Number(Deno.args[0] ?? 8001);
Deno.serve({ port, onListen: () => {} }, () => Response.json({ ok: true }));
