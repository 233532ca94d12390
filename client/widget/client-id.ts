/**
 * A message's id made by the widget: a resend after a reconnect carries the same one, and the server
 * stores it once. `crypto.randomUUID` exists only on secure (HTTPS) pages; a shop on plain HTTP gets a
 * version-4 UUID from `getRandomValues` (every browser has it), and only a browser with neither falls back
 * to Math.random (still unique enough within one visitor's chat, which is all the server compares).
 */
export function newClientId(c: Partial<Pick<Crypto, 'randomUUID' | 'getRandomValues'>> | undefined = globalThis.crypto): string {
  if (c?.randomUUID) return c.randomUUID.call(c);
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues.call(c, bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
