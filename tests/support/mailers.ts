import { UpstreamError } from "../../src/ports/errors.ts";
import type { Mailer } from "../../src/ports/mailer.ts";

/**
 * The harness's mailer behind a switch: "pass" sends, "fail" refuses as a provider outage would (a
 * transient `UpstreamError`), `failNext(n)` refuses the next n sends only, and `gate()` holds the
 * next send until the test releases it (to send, or to fail), for deterministic races.
 */
export function controllableMailer() {
  const state = { mode: "pass" as "pass" | "fail" | "gate", failuresLeft: 0, sends: 0 };
  let entered = Promise.withResolvers<void>();
  let verdict = Promise.withResolvers<"send" | "fail">();
  const refuse = () => new UpstreamError("Mail provider is unavailable");
  const wrap = (inner: Mailer): Mailer => ({
    name: inner.name,
    async send(message) {
      state.sends += 1;
      if (state.mode === "fail") throw refuse();
      if (state.failuresLeft > 0) {
        state.failuresLeft -= 1;
        throw refuse();
      }
      if (state.mode === "gate") {
        state.mode = "pass";
        entered.resolve();
        if (await verdict.promise === "fail") throw refuse();
      }
      return await inner.send(message);
    },
  });
  return {
    state,
    wrap,
    failNext(count: number) {
      state.failuresLeft = count;
    },
    /** Holds the next send; `entered` resolves once it is held. */
    gate() {
      entered = Promise.withResolvers<void>();
      verdict = Promise.withResolvers<"send" | "fail">();
      state.mode = "gate";
      return {
        entered: entered.promise,
        release: (outcome: "send" | "fail") => verdict.resolve(outcome),
      };
    },
  };
}
