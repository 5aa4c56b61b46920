/**
 * Answers every request with one recorded API answer (its status, headers and body) and does
 * nothing else: what Deno itself costs to serve a response of that shape, the ceiling the API can
 * approach for it with no JavaScript of its own. Headers are set one by one on the built Response,
 * as the app's middleware does (given in the init, Deno 2.9 builds a native copy of them first,
 * which costs more; see `header_cost.ts`). Started by `hot_path.ts`:
 * `deno run --allow-net --allow-read replay_server.ts ANSWER.json PORT`.
 */
interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}
const [file, port] = Deno.args;
const answer = JSON.parse(Deno.readTextFileSync(file!)) as Answer;
Deno.serve({ port: Number(port), onListen: () => {} }, () => {
  const response = new Response(answer.body, { status: answer.status });
  const headers = response.headers;
  const seen = new Set<string>();
  for (const [name, value] of answer.headers) {
    // The first of a name replaces the default (a string body brings text/plain), later ones add.
    if (seen.has(name)) headers.append(name, value);
    else headers.set(name, value);
    seen.add(name);
  }
  return response;
});
