import { Router } from 'express';
import { LoginRequest } from '../../shared/schemas/auth.js';
import { handle } from '../http/respond.js';
import { parse } from '../http/validate.js';
import type { AuthService } from './auth.service.js';

export function authRoutes(auth: AuthService) {
  const r = Router();
  r.post(
    '/auth/login',
    handle((req) => {
      const { username, password } = parse(LoginRequest, req.body, 'login');
      return auth.login(username, password);
    }),
  );
  return r;
}
