import { z } from 'zod';
import { defaultLimits, type RateLimits } from './security/rate-limit.js';
import { secretProblem } from './security/secret-strength.js';
import { type ConnectionLimits, defaultConnectionLimits } from './security/connection-limits.js';
import type { HeavyWorkLimits } from './security/heavy-work.js';
import { type AttachmentLimits, defaultAttachmentLimits } from './attachments/attachment-limits.js';
import { defaultWidgetLimits, type WidgetConfig } from './widget/widget-limits.js';
import type { SipBridgeOptions } from './telephony/sip/sip-bridge.js';
import { DEV_SIP_AUTH_SECRET, SIP_SECRET_CHARACTERS, type SipCredentialOptions } from './telephony/sip/sip-credentials.js';
import { SIP_TRUNK_URI } from './telephony/sip/kamailio-config.js';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me';
const DEV_CTI_SECRET = 'dev-only-cti-secret-change-me';

function validTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().optional(),
  /** Set to run several server processes sharing Socket.IO traffic through Redis. */
  REDIS_URL: z.string().optional(),
  /** Redis stream the processes of one deployment share (tests give each run its own). */
  REDIS_STREAM: z.string().default('socket.io'),
  /** Comma-separated browser origins allowed to open Socket.IO connections besides the server's own. */
  ALLOWED_ORIGINS: z.string().default('http://localhost:5173'),
  DB_DIR: z.string().default('./data'),
  CLIENT_DIR: z.string().default('dist/client'),
  DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** The embedded database logs commands that take at least this long (as MongoDB's slowms). */
  DB_SLOW_MS: z.coerce.number().int().min(0).default(100),
  DB_REPAIR: z.enum(['0', '1']).optional(),
  /** The console is reached over HTTPS only (directly or behind a TLS proxy): browsers are told to insist on it. */
  TRUST_HTTPS: z.enum(['true', 'false']).optional(),
  /** A console process that has not renewed its lease for this long is taken for dead (its screens offline). */
  PROCESS_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  JWT_SECRET: z.string().min(16).optional(),
  CTI_SECRET: z.string().min(16).optional(),
  /** Where agents' chat replies are posted (signed like CTI events); unset: replies are only stored. */
  CHAT_WEBHOOK_URL: z.url().optional(),
  /** Where commands to the telephony platform (call transfers) are posted, signed the same way; unset: not posted. */
  CTI_COMMAND_URL: z.url().optional(),
  /** Demo mode seeds demo data, enables demo logins and the simulate button. On unless production. */
  DEMO_MODE: z.enum(['true', 'false']).optional(),
  SEED_CUSTOMERS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  TOKEN_TTL: z.string().default('12h'),
  /** Contact details not confirmed for this many days are flagged on the pop for the agent to confirm. */
  CONTACT_STALE_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  RECOMPUTE_EVERY_MINUTES: z.coerce.number().int().min(0).default(1440),
  /** After-call work: how long an agent may stay in it before routing takes them back (seconds). */
  ACW_LIMIT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  /** Per-queue limits overriding it: `sales=180,service=60`. */
  ACW_LIMITS: z
    .string()
    .regex(/^(\s*[\w-]+\s*=\s*\d+\s*)(,\s*[\w-]+\s*=\s*\d+\s*)*$/, 'ACW_LIMITS is queue=seconds pairs separated by commas, e.g. sales=180,service=60')
    .optional(),
  /** Where an agent goes when after-call work runs past its limit: available, or not ready (reason acw-timeout). */
  ACW_TIMEOUT_STATE: z.enum(['available', 'not-ready']).default('not-ready'),
  /** The largest chat attachment (image or PDF) a visitor or an agent may send, in bytes (5 MB). */
  WIDGET_ATTACHMENT_LIMIT: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Origins of the demo shop's website chat widget (demo mode), comma-separated. */
  WIDGET_ORIGINS: z.string().optional(),
  /**
   * The contact centre's time zone: the days its reports' daily rollups are kept by (reports in it by
   * day, week or month are the fast ones), and the day the live floor's figures count from midnight of.
   * Defaults to this machine's zone.
   */
  REPORTS_TIME_ZONE: z
    .string()
    .refine(validTimeZone, 'REPORTS_TIME_ZONE must be an IANA time zone such as Europe/Bucharest')
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
  /** How calls reach the console: signed CTI webhooks only, or also real SIP calls through Kamailio (docs/telephony.md). */
  TELEPHONY: z.enum(['webhook', 'sip']).default('webhook'),
  /** TELEPHONY=sip: where Kamailio's evapi module listens (loopback), the agents' SIP domain, the longest wait for an agent. */
  KAMAILIO_EVAPI_HOST: z.string().default('127.0.0.1'),
  KAMAILIO_EVAPI_PORT: z.coerce.number().int().min(1).max(65535).default(8448),
  SIP_DOMAIN: z.string().min(1).default('localhost'),
  SIP_MAX_WAIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** TELEPHONY=sip: the secret shared with Kamailio's auth_ephemeral (agents' SIP credentials), and where browsers reach its WebSocket. */
  SIP_AUTH_SECRET: z.string().min(16).regex(SIP_SECRET_CHARACTERS, 'SIP_AUTH_SECRET may have letters, digits and . : + / = ~ - _ only (it goes into Kamailio\'s configuration)').optional(),
  SIP_WS_URL: z.string().regex(/^wss?:\/\/\S+$/, 'SIP_WS_URL is a ws:// or wss:// address').default('ws://127.0.0.1:5066'),
  /** TELEPHONY=sip: the carrier telemarketers' click-to-call goes to (sip:host[:port]); unset, click-to-call is off. Kamailio gets the same value. */
  SIP_TRUNK_URI: z.string().regex(SIP_TRUNK_URI, 'SIP_TRUNK_URI is a SIP address such as sip:carrier.example.com:5060').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AfterCallWork {
  limitMs: number;
  perQueueMs: Record<string, number>;
  timeoutState: 'available' | 'not-ready';
}

export interface Config {
  production: boolean;
  /** REPORTS_TIME_ZONE: the contact centre's zone: the days of the reports' rollups and of the live floor's day figures. */
  reportsTimeZone: string;
  port: number;
  host: string;
  mongodbUri?: string;
  redisUrl?: string;
  redisStream: string;
  dbDir: string;
  /** The built client served at `/` (`npm run build` writes it). */
  clientDir: string;
  dbPort: number;
  dbSlowMs: number;
  /** Start the embedded database from damaged files, recovering what can be read (DB_REPAIR=1). */
  dbRepair: boolean;
  /** Served over HTTPS only: HSTS and `upgrade-insecure-requests` are sent (off by default: plain HTTP works). */
  trustHttps: boolean;
  /** How long a console process's lease lasts without renewal (its agents' connections are then dropped). */
  processLeaseMs: number;
  jwtSecret: string;
  ctiSecret: string;
  chatWebhookUrl?: string;
  ctiCommandUrl?: string;
  /** Retries of agents' chat replies the platform did not take (chat/chat-webhook.ts). */
  chatWebhook: { pollMs: number; maxAttempts: number; retryBaseMs: number };
  demoMode: boolean;
  seedCustomers: number;
  tokenTtl: string;
  /** Days after which a customer's contact details count as stale. */
  contactStaleDays: number;
  /** Minutes between full recomputes of value and basket rules inside the server; 0 turns the schedule off. */
  recomputeEveryMinutes: number;
  logLevel: string;
  /** Routing: how long an agent's screen has to acknowledge a pop before the call is re-routed. */
  popAckTimeoutMs: number;
  /** How long cached answers are reused (tests shorten them instead of waiting them out). */
  caches: { activeUsersMs: number; catalogueMs: number; dbStatusPollMs: number };
  /** After-call work limits (ms): the default and per queue, and where an agent goes when one runs out. */
  afterCallWork: AfterCallWork;
  /** Routing: how often waiting calls are re-offered (covers other processes freeing agents). */
  queueSweepMs: number;
  /** Routing: how often agents' held capacity is checked against their open work (routing.service.ts, giveBackStrandedCapacity). */
  capacityCheckMs: number;
  /** Browser origins allowed to open sockets besides the server's own (docs/security.md). */
  allowedOrigins: string[];
  /** Rate limits on login, CTI events and socket events (docs/security.md). */
  limits: RateLimits;
  /** Whole-base scans (segment previews, duplicate scans) at once, and waiting (security/heavy-work.ts). */
  heavyWork: HeavyWorkLimits;
  /** Historical reports running at once per process (more wait their turn): one, so the floor keeps its share (a second at once cost CTI acks half again at p99). */
  reportWork: HeavyWorkLimits;
  /** Timeouts and caps on connections and screens (docs/security.md). */
  connections: ConnectionLimits;
  /** Chat attachments: the largest file, and uploads per visitor, per agent and per address (server/attachments). */
  attachments: AttachmentLimits;
  /** Warnings to print loudly at start (development secrets in use). */
  warnings: string[];
  /** The website chat widget: the demo shop's origins (demo mode) and the visitors' own limits. */
  widget: WidgetConfig;
  /** Webhook calls only, or also SIP calls decided by the console (server/telephony/sip). */
  telephony: { mode: 'webhook' } | ({ mode: 'sip'; /** Click-to-call's carrier (SIP_TRUNK_URI); none: click-to-call is off. */ trunkUri?: string } & SipBridgeOptions & SipCredentialOptions);
}

/** Reads the environment into a Config; refuses development secrets in production. */
/** A configuration the console must not start with: one readable line per problem, no stack. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const warnings: string[] = [];
  const problems: string[] = [];
  const secret = (value: string | undefined, fallback: string, name: string) => {
    if (value) {
      const problem = production ? secretProblem(value, [DEV_JWT_SECRET, DEV_CTI_SECRET, DEV_SIP_AUTH_SECRET]) : undefined;
      if (problem) problems.push(`${name} ${problem} (NODE_ENV=production needs a long random value, e.g. \`openssl rand -base64 48\`)`);
      return value;
    }
    if (production) problems.push(`${name} must be set when NODE_ENV=production (a long random value, e.g. \`openssl rand -base64 48\`)`);
    else warnings.push(`${name} is not set: using a development default. Never run like this in production.`);
    return fallback;
  };
  const jwtSecret = secret(e.JWT_SECRET, DEV_JWT_SECRET, 'JWT_SECRET');
  const ctiSecret = secret(e.CTI_SECRET, DEV_CTI_SECRET, 'CTI_SECRET');
  // One leaked key must not give both: forging logins and forging telephony events.
  if (production && e.JWT_SECRET && e.JWT_SECRET === e.CTI_SECRET) problems.push('JWT_SECRET and CTI_SECRET must differ');
  // Only a console that carries SIP calls needs the switch's secret (and warns about its default).
  const sipAuthSecret = e.TELEPHONY === 'sip' ? secret(e.SIP_AUTH_SECRET, DEV_SIP_AUTH_SECRET, 'SIP_AUTH_SECRET') : '';
  if (production && e.SIP_AUTH_SECRET && [e.JWT_SECRET, e.CTI_SECRET].includes(e.SIP_AUTH_SECRET)) problems.push('SIP_AUTH_SECRET must differ from JWT_SECRET and CTI_SECRET');
  if (problems.length) throw new ConfigError(problems);
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    redisStream: e.REDIS_STREAM,
    dbDir: e.DB_DIR,
    clientDir: e.CLIENT_DIR,
    dbPort: e.DB_PORT,
    dbSlowMs: e.DB_SLOW_MS,
    dbRepair: e.DB_REPAIR === '1',
    trustHttps: e.TRUST_HTTPS === 'true',
    processLeaseMs: e.PROCESS_LEASE_MS,
    jwtSecret,
    ctiSecret,
    chatWebhookUrl: e.CHAT_WEBHOOK_URL,
    ctiCommandUrl: e.CTI_COMMAND_URL,
    chatWebhook: { pollMs: 2000, maxAttempts: 10, retryBaseMs: 1000 },
    demoMode: e.DEMO_MODE ? e.DEMO_MODE === 'true' : !production,
    seedCustomers: e.SEED_CUSTOMERS,
    tokenTtl: e.TOKEN_TTL,
    contactStaleDays: e.CONTACT_STALE_DAYS,
    recomputeEveryMinutes: e.NODE_ENV === 'test' ? 0 : e.RECOMPUTE_EVERY_MINUTES,
    logLevel: e.LOG_LEVEL,
    reportsTimeZone: e.REPORTS_TIME_ZONE,
    // A screen acknowledges a pop the moment it arrives; 5 s without it means the screen is gone.
    popAckTimeoutMs: 5000,
    queueSweepMs: 2000,
    capacityCheckMs: 30_000,
    afterCallWork: {
      limitMs: e.ACW_LIMIT_SECONDS * 1000,
      perQueueMs: Object.fromEntries(
        (e.ACW_LIMITS ?? '')
          .split(',')
          .filter((p) => p.includes('='))
          .map((p) => p.split('=').map((x) => x.trim()))
          .map(([q, s]) => [q, Number(s) * 1000]),
      ),
      timeoutState: e.ACW_TIMEOUT_STATE,
    },
    caches: { activeUsersMs: 5000, catalogueMs: 30_000, dbStatusPollMs: 2000 },
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    limits: defaultLimits(),
    heavyWork: { concurrent: 2, queued: 8 },
    reportWork: { concurrent: 1, queued: 32 },
    connections: defaultConnectionLimits(),
    attachments: defaultAttachmentLimits(e.WIDGET_ATTACHMENT_LIMIT),
    warnings,
    widget: {
      demoOrigins: (e.WIDGET_ORIGINS ?? 'http://localhost:3000,http://127.0.0.1:3000,http://localhost:5180').split(',').map((o) => o.trim()).filter(Boolean),
      limits: defaultWidgetLimits(),
      idleEndMs: 15 * 60_000,
    },
    telephony:
      e.TELEPHONY === 'sip'
        ? {
            mode: 'sip',
            evapiHost: e.KAMAILIO_EVAPI_HOST,
            evapiPort: e.KAMAILIO_EVAPI_PORT,
            sipDomain: e.SIP_DOMAIN,
            maxWaitMs: e.SIP_MAX_WAIT_SECONDS * 1000,
            authSecret: sipAuthSecret,
            wsUrl: e.SIP_WS_URL,
            ...(e.SIP_TRUNK_URI ? { trunkUri: e.SIP_TRUNK_URI } : {}),
            // An agent's working day: the softphone fetches fresh ones at every start.
            credentialTtlMs: 12 * 3600_000,
          }
        : { mode: 'webhook' },
  };
}

/** loadConfig for the command-line entry points: a bad configuration is printed as one line per problem, then exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) process.stderr.write(`configuration error: ${p}\n`);
    process.exit(1);
  }
}

/** A configuration for tests: fixed secrets, demo mode, quick timers. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Reports in UTC whatever this machine's zone: tests' figures are worked out in UTC.
  return { ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-jwt-secret-0123456789', CTI_SECRET: 'test-cti-secret-0123456789', LOG_LEVEL: 'silent', REPORTS_TIME_ZONE: 'UTC' }), ...overrides };
}
