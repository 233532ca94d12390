import { createHmac } from 'node:crypto';

/**
 * Ephemeral SIP credentials (the TURN REST scheme Kamailio's auth_ephemeral checks): the username is
 * `<expiry unix seconds>:<agent's username>`, the password base64(HMAC-SHA1(shared secret, username)).
 * The console and the switch share only the secret: nothing is stored, and a leaked pair stops working
 * at its expiry. Kamailio also checks that the username after the colon is the AOR registered, so an
 * agent's credentials cannot register another agent.
 */

/** The secret both sides use when SIP_AUTH_SECRET is unset (never in production: config.ts refuses it). */
export const DEV_SIP_AUTH_SECRET = 'dev-only-sip-auth-secret-change-me';

/** Characters a secret may have: it is written into Kamailio's configuration between double quotes. */
export const SIP_SECRET_CHARACTERS = /^[\w.:+/=~-]+$/;

export interface SipCredentialOptions {
  /** The secret shared with Kamailio (SIP_AUTH_SECRET). */
  authSecret: string;
  /** Where browsers reach the switch's SIP over WebSocket (SIP_WS_URL), e.g. wss://sip.example.com:7443. */
  wsUrl: string;
  /** How long issued credentials last (ms). */
  credentialTtlMs: number;
}

export interface SipCredentials {
  /** The agent's address of record: sip:<username>@<domain>. */
  uri: string;
  username: string;
  password: string;
  /** ISO time the switch stops taking them. */
  expiresAt: string;
  wsUrl: string;
}

export function ephemeralPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/** Credentials for `agent` (a console username) valid from `now` for `ttlMs`. */
export function sipCredentialsFor(agent: string, o: SipCredentialOptions & { sipDomain: string; now: number }): SipCredentials {
  const expiry = Math.floor((o.now + o.credentialTtlMs) / 1000);
  const username = `${expiry}:${agent}`;
  return { uri: `sip:${agent}@${o.sipDomain}`, username, password: ephemeralPassword(o.authSecret, username), expiresAt: new Date(expiry * 1000).toISOString(), wsUrl: o.wsUrl };
}
