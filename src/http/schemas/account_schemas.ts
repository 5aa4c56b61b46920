import { z } from "@hono/zod-openapi";

/** The account as its owner sees it. */
export const AccountSchema = z.object({
  id: z.string().openapi({ example: "usr_8dK2mQ4xVb7nT3cW9pLr" }),
  email: z.email(),
  name: z.string(),
  role: z.enum(["creator", "investor", "admin"]),
  bio: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  emailVerified: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).openapi("Account");

/** A public profile: what anyone may see of a user. */
export const PublicProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(["creator", "investor", "admin"]),
  bio: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
}).openapi("PublicProfile");

export const SessionSchema = z.object({
  token: z.string().openapi({ description: "Bearer token; shown once, never stored in clear" }),
  expiresAt: z.iso.datetime(),
}).openapi("Session");

export const AuthResultSchema = z.object({
  user: AccountSchema,
  session: SessionSchema,
}).openapi("AuthResult");

/** Password rules shared by sign-up and reset. */
export const PasswordSchema = z.string().min(10).max(128).openapi({ format: "password" });
