/**
 * Run by the tracing test as a child process with `OTEL_DENO=true`: a little traffic through the
 * real app (sign-up, a pitch, a checkout, the welcome email job), then a clean shutdown so Deno
 * exports the last spans.
 */
import { jsonRequest, signUpUser } from "./accounts.ts";
import { createHarness } from "./harness.ts";
import { createPitch } from "./pitches.ts";

const h = await createHarness();
try {
  const user = await signUpUser(h);
  await createPitch(h, user.token);
  const checkout = await h.app.request(
    "/v1/billing/checkout",
    jsonRequest("POST", { plan: "pro", interval: "month" }, user.token),
  );
  await checkout.body?.cancel();
  await h.deps.background.drain();
} finally {
  await h.close();
}
console.log("traffic done");
