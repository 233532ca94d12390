import { z } from 'zod';
import { SIP_TRUNK_URI } from './kamailio-config.js';
import { startKamailio } from './kamailio-process.js';
import { DEV_SIP_AUTH_SECRET, SIP_SECRET_CHARACTERS } from './sip-credentials.js';

/**
 * Runs the console's SIP switch in the foreground for a person trying TELEPHONY=sip (docs/telephony.md):
 * Kamailio with the project's configuration, on the addresses the environment gives, until Ctrl+C.
 *   npx tsx server/telephony/sip/switch-cli.ts
 */
const Env = z.object({
  SIP_ADDRESS: z.string().default('127.0.0.1'),
  SIP_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  SIP_DOMAIN: z.string().min(1).default('localhost'),
  /** Browsers' SIP over WebSocket (TCP): the console's SIP_WS_URL points here (or at a TLS proxy in front). */
  SIP_WS_PORT: z.coerce.number().int().min(1).max(65535).default(5066),
  /** The same secret as the console's: it signs the agents' credentials. */
  SIP_AUTH_SECRET: z.string().min(16).regex(SIP_SECRET_CHARACTERS).optional(),
  KAMAILIO_EVAPI_PORT: z.coerce.number().int().min(1).max(65535).default(8448),
  SIP_MAX_WAIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Telemarketers' click-to-call carrier (sip:host[:port]), as the console's SIP_TRUNK_URI; unset: no click-to-call. */
  SIP_TRUNK_URI: z.string().regex(SIP_TRUNK_URI).optional(),
  /** The console's page origins, comma-separated: a browser on any other page may not open the WebSocket. */
  SIP_WS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((v) => v.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean)),
});
const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  for (const i of parsed.error.issues) process.stderr.write(`configuration error: ${i.path.join('.')}: ${i.message}\n`);
  process.exit(1);
}
const e = parsed.data;
if (!e.SIP_AUTH_SECRET) process.stderr.write('SIP_AUTH_SECRET is not set: using the development default (as the console does). Never run like this in production.\n');
const kamailio = await startKamailio({
  sipAddress: e.SIP_ADDRESS,
  sipPort: e.SIP_PORT,
  wsPort: e.SIP_WS_PORT,
  wsOrigins: e.SIP_WS_ORIGINS,
  trunkUri: e.SIP_TRUNK_URI,
  authSecret: e.SIP_AUTH_SECRET ?? DEV_SIP_AUTH_SECRET,
  sipDomain: e.SIP_DOMAIN,
  // evapi carries the console's decisions unauthenticated: loopback only, always.
  evapiAddress: '127.0.0.1',
  evapiPort: e.KAMAILIO_EVAPI_PORT,
  maxWaitMs: e.SIP_MAX_WAIT_SECONDS * 1000,
  onLog: (text) => process.stderr.write(text),
});
process.stdout.write(
  `SIP switch on udp:${e.SIP_ADDRESS}:${e.SIP_PORT} and ws://${e.SIP_ADDRESS}:${e.SIP_WS_PORT} (domain ${e.SIP_DOMAIN}); the console connects to evapi on 127.0.0.1:${e.KAMAILIO_EVAPI_PORT}. Ctrl+C stops it.\n`,
);
const stop = () => void kamailio.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
