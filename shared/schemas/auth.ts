import { z } from 'zod';

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
});
export type PublicUser = z.infer<typeof PublicUser>;

export const LoginResponse = z.object({ token: z.string(), user: PublicUser });
export type LoginResponse = z.infer<typeof LoginResponse>;
