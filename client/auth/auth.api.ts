import { type LanguageChange, LoginResponse, type LoginRequest, PublicUser } from '@shared/schemas/auth';
import type { PasswordChange } from '@shared/schemas/users';
import { http } from '@/api/http';

export const authApi = {
  login: (body: LoginRequest) => http.post('/api/auth/login', body, LoginResponse),
  setLanguage: (body: LanguageChange) => http.put('/api/auth/language', body, PublicUser),
  changePassword: (body: PasswordChange) => http.post('/api/auth/password', body, LoginResponse),
  /** Ends the session on the server (every token of the user); sent even while the page unloads. */
  logout: (token: string) =>
    fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}', keepalive: true }),
};
