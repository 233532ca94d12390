import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { can as roleCan, type Capability } from '@shared/access/roles';
import { LoginResponse, Role, type PublicUser } from '@shared/schemas/auth';
import { errorMessage, onUnauthorized, setAuthToken } from '@/api/http';
import { translate } from '@/i18n';
import { authApi } from './auth.api';

/** sessionStorage keeps a reload logged in while closing the tab logs out. */
const SESSION_KEY = 'agent-console.session';

function readSession(): LoginResponse | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed = LoginResponse.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Role names in the user's language (`auth.roles.*`); each read translates afresh, so a template
 * reading it follows a language change. Screens of their own may rather call `t('auth.roles.<role>')`.
 */
export const ROLE_LABELS: Readonly<Record<PublicUser['role'], string>> = Object.defineProperties(
  {} as Record<PublicUser['role'], string>,
  Object.fromEntries(Role.options.map((r) => [r, { enumerable: true, get: () => translate(`auth.roles.${r}`) }])),
);

export const useAuthStore = defineStore('auth', () => {
  const saved = readSession();
  const token = ref<string | null>(saved?.token ?? null);
  const user = ref<PublicUser | null>(saved?.user ?? null);
  const pending = ref(false);
  const error = ref<string | null>(null);
  const passwordError = ref<string | null>(null);

  setAuthToken(token.value);
  onUnauthorized(() => logout(translate('auth.sessionExpired')));

  const isLoggedIn = computed(() => token.value !== null && user.value !== null);
  const displayName = computed(() => user.value?.displayName || user.value?.username || '');
  /** What the signed-in user's role may do on this screen (shared/access/roles.ts). */
  const can = (capability: Capability) => roleCan(user.value?.role, capability);

  async function login(username: string, password: string): Promise<boolean> {
    pending.value = true;
    error.value = null;
    try {
      adopt(await authApi.login({ username: username.trim(), password }));
      return true;
    } catch (err) {
      error.value = errorMessage(err);
      return false;
    } finally {
      pending.value = false;
    }
  }

  /** Adopts a new session (a login, or a password change that ended the others). */
  function adopt(res: LoginResponse) {
    token.value = res.token;
    user.value = res.user;
    setAuthToken(res.token);
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(res));
  }

  /** The server's newer copy of the signed-in user (a changed language), kept for a reload. */
  function updateUser(next: PublicUser) {
    if (!token.value) return;
    user.value = next;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: token.value, user: next }));
  }

  /** Changes one's own password; this screen carries on with the new session, every other one ends. */
  async function changePassword(currentPassword: string, newPassword: string): Promise<boolean> {
    pending.value = true;
    passwordError.value = null;
    try {
      adopt(await authApi.changePassword({ currentPassword, newPassword }));
      return true;
    } catch (err) {
      passwordError.value = errorMessage(err);
      return false;
    } finally {
      pending.value = false;
    }
  }

  /**
   * Forgets the session; `reason` is shown on the login screen (e.g. an expired token). A user's own
   * logout (no reason) also ends the session on the server, so the token cannot be used again.
   */
  function logout(reason: string | null = null): void {
    if (reason === null && token.value) void authApi.logout(token.value).catch(() => {});
    token.value = null;
    user.value = null;
    error.value = reason;
    setAuthToken(null);
    sessionStorage.removeItem(SESSION_KEY);
  }

  return { token, user, pending, error, passwordError, isLoggedIn, displayName, can, login, logout, changePassword, updateUser };
});
