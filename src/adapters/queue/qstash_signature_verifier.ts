import { Receiver } from "@upstash/qstash";
import type { JobSignatureVerifier } from "../../ports/queue.ts";
import { readQstashFailureReport } from "./qstash_failure_report.ts";

/**
 * Verifies the `Upstash-Signature` JWT of a QStash delivery with the library's `Receiver`: tried
 * with the current key, then the next one (so key rotation needs no downtime). Any invalid, expired
 * or malformed signature resolves false. Failure callbacks are QStash messages too, signed alike.
 */
export function createQstashSignatureVerifier(keys: {
  currentSigningKey: string;
  nextSigningKey: string;
}): JobSignatureVerifier {
  // With a key missing the Receiver silently reads QSTASH_*_SIGNING_KEY from the environment.
  if (!keys.currentSigningKey || !keys.nextSigningKey) {
    throw new TypeError("Cannot verify QStash signatures: both signing keys are required");
  }
  // devMode off: otherwise QSTASH_DEV=true would swap in the public dev-server keys.
  const receiver = new Receiver({ ...keys, devMode: false });
  return {
    async verify({ signature, body, url }) {
      if (!signature) return false;
      try {
        return await receiver.verify({ signature, body, url });
      } catch {
        return false;
      }
    },
    readFailureReport: readQstashFailureReport,
  };
}
