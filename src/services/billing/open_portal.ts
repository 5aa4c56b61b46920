import type { Ctx } from "../../context.ts";
import { ConflictError } from "../../ports/errors.ts";
import { findCustomerId } from "./find_customer_id.ts";

/** The provider's billing portal for the user; 409 before any checkout created a customer. */
export async function openPortal(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "payments" | "settings">;
    input: { userId: string };
  },
): Promise<{ url: string }> {
  const customerId = await findCustomerId(ctx.db, input.userId);
  if (!customerId) {
    throw new ConflictError(`User "${input.userId}" has no billing account yet; start a checkout`);
  }
  return await ctx.payments.createPortal({
    customerId,
    returnUrl: `${ctx.settings.appUrl}/billing`,
  });
}
