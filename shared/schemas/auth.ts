import { z } from 'zod';
import { Locale } from '../i18n/locales.js';

export const Role = z.enum(['agent', 'telemarketer', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  displayName: z.string().optional(),
  /** Logged in with a temporary password: the console asks for a new one before anything else. */
  mustChangePassword: z.boolean().optional(),
  /** The language the user chose for the console; absent, the browser's. */
  language: Locale.optional(),
});
export type PublicUser = z.infer<typeof PublicUser>;

/** PUT /api/auth/language: the signed-in user's own language, kept with them for every screen and device. */
export const LanguageChange = z.object({ language: Locale });
export type LanguageChange = z.infer<typeof LanguageChange>;

export const LoginResponse = z.object({ token: z.string(), user: PublicUser });
export type LoginResponse = z.infer<typeof LoginResponse>;
