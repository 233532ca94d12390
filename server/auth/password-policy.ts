/**
 * What a new password must be: long enough, not the username, not one of the passwords attackers try
 * first. Pure: no I/O. (A short list of the most common passwords and patterns, lower-cased; length
 * does most of the work.)
 */
export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set([
  '123456789012', '1234567890123', 'password', 'password1', 'password123', 'password1234', 'passw0rd', 'qwerty', 'qwertyuiop',
  'qwertyuiop12', 'qwerty123456', 'iloveyou', 'letmein', 'letmeinplease', 'welcome', 'welcome123', 'welcome12345', 'admin', 'admin123',
  'administrator', 'changeme', 'changeme123', 'secret', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'trustno1',
  'abc123', 'abcdefghijkl', 'abcd1234abcd', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'zaq12wsxcde3', 'asdfghjkl123', 'contactcentre', 'contactcenter',
  'callcentre', 'callcenter', 'customer', 'customerservice', 'supervisor', 'telemarketer', 'demo', 'demodemodemo', 'summer2026', 'winter2026',
  'autumn2026', 'spring2026', 'january2026', 'december2026', 'p@ssw0rd', 'p@ssword123', 'master', 'master12345', 'superman', 'batman',
  'starwars', 'whatever', 'computer', 'internet', 'mustang', 'shadow', 'michael', 'jennifer', 'jordan23', 'hunter2', 'freedom',
]);

/** Why `password` may not be used by `username` (a code and its parameters, with the English text), or undefined when it may. */
export function passwordRule(password: string, username: string): { code: string; params?: Record<string, unknown>; message: string } | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { code: 'PASSWORD_TOO_SHORT', params: { min: MIN_PASSWORD_LENGTH }, message: `a password needs at least ${MIN_PASSWORD_LENGTH} characters` };
  if (password.length > 200) return { code: 'PASSWORD_TOO_LONG', params: { max: 200 }, message: 'a password may have at most 200 characters' };
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase())) return { code: 'PASSWORD_HAS_USERNAME', message: 'a password may not contain the username' };
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[0-9!@#$%^&*._-]+$/, '')))
    return { code: 'PASSWORD_TOO_COMMON', message: 'this password is one of the most common ones; choose another' };
  if (new Set(lower).size < 5) return { code: 'PASSWORD_TOO_SIMPLE', message: 'a password needs more different characters' };
  return undefined;
}

/** Why `password` may not be used by `username`, in English, or undefined when it may. */
export function passwordProblem(password: string, username: string): string | undefined {
  return passwordRule(password, username)?.message;
}
