import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Identity validation (as Chatwoot's): the host website's server signs its logged-in customer's
 * identifier with the site's secret; the widget passes both; a valid signature identifies the customer
 * for sure. Without one (or with a wrong one) the identifier is only a hint for the agent.
 */

/** A new site secret: 32 random bytes, hex. */
export const newIdentitySecret = () => randomBytes(32).toString('hex');

/** What the host's server computes: hex HMAC-SHA256 of the identifier with the site's secret. */
export const identityHash = (identifier: string, secret: string) => createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');

/** Whether `hash` signs `identifier` with `secret`; compared in constant time. */
export function verifyIdentity(identifier: string, hash: string | undefined, secret: string | null | undefined): boolean {
  if (!hash || !secret || !/^[a-f0-9]{64}$/i.test(hash)) return false;
  const expected = Buffer.from(identityHash(identifier, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(hash.toLowerCase(), 'hex'));
}

/** A visitor's token: what their browser keeps (only its SHA-256 is stored). */
export const newVisitorToken = () => randomBytes(32).toString('base64url');
