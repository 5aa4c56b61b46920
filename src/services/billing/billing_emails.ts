import type { EmailMessage } from "../../ports/mailer.ts";

/** Sent when a renewal payment fails: the plan stays until `graceUntil`, then drops to free. */
export function paymentFailedEmail(
  input: { to: string; name: string; link: string; graceUntil: Date | null },
): EmailMessage {
  const until = input.graceUntil?.toISOString().slice(0, 10);
  return {
    to: input.to,
    tag: "payment-failed",
    subject: "Your Pitchey payment failed",
    text: [
      `Hi ${input.name},`,
      "",
      "We could not collect the latest payment for your Pitchey subscription.",
      until
        ? `Your plan stays active until ${until} (UTC). To keep it, update your payment method:`
        : "To keep your plan, update your payment method:",
      input.link,
      "",
      "If the payment goes through before then, nothing changes.",
    ].join("\n"),
  };
}
