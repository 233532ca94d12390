import { SignJWT, jwtVerify } from 'jose';
import { Role } from '../../shared/schemas/auth.js';
import { unauthorized } from '../http/errors.js';

export interface TokenClaims {
  userId: string;
  username: string;
  role: Role;
  /** The user's token epoch at login: a token of an earlier epoch is revoked. */
  epoch?: number;
  /** Logged in with a temporary password: only a password change (or logout) is allowed. */
  mustChangePassword?: boolean;
}

/** Signs and verifies the console's JWTs (HS256). */
export function createTokens(secret: string, ttl: string) {
  const key = new TextEncoder().encode(secret);
  return {
    sign(claims: TokenClaims): Promise<string> {
      return new SignJWT({ username: claims.username, role: claims.role, ep: claims.epoch ?? 0, ...(claims.mustChangePassword ? { mcp: true } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key);
    },
    async verify(token: string): Promise<TokenClaims & { exp: number }> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        const role = Role.safeParse(payload.role);
        if (!payload.sub || typeof payload.username !== 'string' || !role.success || !payload.exp) throw new Error('bad claims');
        const epoch = typeof payload.ep === 'number' ? payload.ep : 0;
        return { userId: payload.sub, username: payload.username, role: role.data, exp: payload.exp, epoch, mustChangePassword: payload.mcp === true };
      } catch {
        throw unauthorized('invalid or expired token', 'TOKEN_INVALID');
      }
    },
  };
}
export type Tokens = ReturnType<typeof createTokens>;
