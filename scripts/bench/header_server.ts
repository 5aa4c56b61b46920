/**
 * A bare Deno.serve handler that answers with `HEADERS` extra response headers (the shape of the
 * API's: short names, values of 20-60 characters) and a body of `BODY` bytes. Started by
 * `header_cost.ts`; `deno run --allow-net header_server.ts PORT HEADERS BODY MODE`, MODE `init`
 * (headers given to the Response constructor) or `set` (set one by one on the built response, as
 * middleware does).
 */
const [portArg, countArg = "0", bodyArg = "20", mode = "init"] = Deno.args;
const pairs: [string, string][] = [["content-type", "application/json"]];
for (let i = 0; i < Number(countArg); i++) {
  pairs.push([`x-header-${i}`, `value-${i}-${"v".repeat(20 + (i % 4) * 10)}`]);
}
const body = JSON.stringify({ text: "x".repeat(Math.max(0, Number(bodyArg) - 11)) });
Deno.serve({ port: Number(portArg), onListen: () => {} }, () => {
  if (mode === "init") return new Response(body, { headers: pairs });
  const response = new Response(body);
  for (const [name, value] of pairs) response.headers.set(name, value);
  return response;
});
