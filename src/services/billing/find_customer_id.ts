import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { billingCustomers } from "../../db/tables/billing.ts";

/** The stored customer id of a user, if a checkout ever created one. */
export async function findCustomerId(
  db: Ctx["database"]["db"],
  userId: string,
): Promise<string | undefined> {
  const [row] = await db.select({ customerId: billingCustomers.customerId })
    .from(billingCustomers).where(eq(billingCustomers.userId, userId)).limit(1);
  return row?.customerId;
}
