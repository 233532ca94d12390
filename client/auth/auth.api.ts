import { LoginResponse, type LoginRequest } from '@shared/schemas/auth';
import { http } from '@/api/http';

export const authApi = {
  login: (body: LoginRequest) => http.post('/api/auth/login', body, LoginResponse),
};
