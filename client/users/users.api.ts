import { TemporaryPassword, type UserCreate, UserList, type UserPatch, UserView } from '@shared/schemas/users';
import { http } from '@/api/http';

export const usersApi = {
  list: () => http.get('/api/users', UserList),
  create: (body: UserCreate) => http.post('/api/users', body, TemporaryPassword),
  update: (id: string, body: UserPatch) => http.patch(`/api/users/${id}`, body, UserView),
  resetPassword: (id: string) => http.post(`/api/users/${id}/reset-password`, {}, TemporaryPassword),
};
