import type { users } from "../../db/tables/users.ts";

/** Why, by whom and since when an account is suspended. */
export interface SuspensionView {
  reason: string;
  suspendedBy: string | null;
  suspendedAt: string;
}

/** A user as administrators see it: the account fields, never credentials. */
export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  role: (typeof users.$inferSelect)["role"];
  emailVerified: boolean;
  createdAt: string;
  /** Null unless an administrator has suspended the account. */
  suspension: SuspensionView | null;
}

export function toAdminUserView(row: typeof users.$inferSelect): AdminUserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    suspension: row.suspendedAt === null ? null : {
      reason: row.suspendedReason ?? "",
      suspendedBy: row.suspendedBy,
      suspendedAt: row.suspendedAt.toISOString(),
    },
  };
}
