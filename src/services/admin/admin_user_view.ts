import type { users } from "../../db/tables/users.ts";

/** A user as administrators see it: the account fields, never credentials. */
export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  role: (typeof users.$inferSelect)["role"];
  emailVerified: boolean;
  createdAt: string;
}

export function toAdminUserView(row: typeof users.$inferSelect): AdminUserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
