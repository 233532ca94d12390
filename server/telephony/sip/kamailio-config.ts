import fs from 'node:fs';
import path from 'node:path';
import { SIP_SECRET_CHARACTERS } from './sip-credentials.js';

/** What varies between one switch and another: everything else in kamailio.cfg.tpl is fixed. */
export interface KamailioSettings {
  /** The address and UDP port SIP is heard on (127.0.0.1 in tests). */
  sipAddress: string;
  sipPort: number;
  /** The TCP port browsers open SIP over WebSocket on (ws://<sipAddress>:<wsPort>). */
  wsPort: number;
  /**
   * The console's page origins (scheme://host[:port]) allowed to open that WebSocket; a browser on any
   * other page is refused (403). None: no browser may.
   */
  wsOrigins?: string[];
  /** Where rtpengine's ng control listens (host:port, UDP): media between browsers and plain-RTP phones. */
  rtpengineNg?: string;
  /** The secret shared with the console: REGISTERs must carry credentials made with it (sip-credentials.ts). */
  authSecret: string;
  /** The SIP domain agents register in (sip:<username>@<domain>). */
  sipDomain: string;
  /** Where evapi listens for the console: loopback only, it carries unauthenticated decisions. */
  evapiAddress: string;
  evapiPort: number;
  /** The console's maximum wait for an agent (ms): the INVITE transaction may live a little longer. */
  maxWaitMs: number;
  /** How long an agent's phone rings before the call goes back to the console (ms). */
  agentRingMs?: number;
  /** How long a phone has to say anything (Trying, Ringing) before it is taken for gone (ms). */
  tryingMs?: number;
  /** Flood limit: more than `density` new calls from one address in `unitSeconds` are refused. */
  pike?: { density: number; unitSeconds: number };
  /**
   * Where telemarketers' click-to-call goes (the carrier: sip:host[:port]); the number dialled becomes its
   * user part. None: agents' INVITEs are refused (the console says no-trunk too).
   */
  trunkUri?: string;
  /** Kamailio's log level: 1 warnings and errors, 2 info (default), 3 debug. */
  logLevel?: number;
  /** SIP worker processes (2 is plenty for tests). */
  children?: number;
}

/** Origins as browsers send them, comma-separated: written inside quotes, so nothing else may be in them. */
const ORIGIN_LIST = /^https?:\/\/[\w.-]+(:\d{1,5})?(,https?:\/\/[\w.-]+(:\d{1,5})?)*$/;

/** A trunk as the template takes it: a SIP URI of a host and port, nothing that could end its quotes. */
export const SIP_TRUNK_URI = /^sips?:[\w.-]+(:\d{1,5})?(;[\w=.-]+)*$/;

const TEMPLATE = path.join(import.meta.dirname, 'kamailio.cfg.tpl');

/** Renders the configuration: every {{NAME}} in the template must be given, and nothing unknown is. */
export function renderKamailioConfig(template: string, s: KamailioSettings): string {
  const agentRingMs = s.agentRingMs ?? 20_000;
  const values: Record<string, string> = {
    SIP_ADDR: s.sipAddress,
    SIP_PORT: String(s.sipPort),
    SIP_DOMAIN: s.sipDomain,
    WS_PORT: String(s.wsPort),
    // in_list() needs a non-empty list: a made-up origin no browser can have stands for none.
    WS_ORIGINS: s.wsOrigins?.length ? s.wsOrigins.join(',') : 'https://none.invalid',
    AUTH_SECRET: s.authSecret,
    // Debian's rtpengine.conf listens for ng here.
    RTPENGINE_NG: s.rtpengineNg ?? '127.0.0.1:2223',
    EVAPI_ADDR: s.evapiAddress,
    EVAPI_PORT: String(s.evapiPort),
    AGENT_RING_MS: String(agentRingMs),
    TRYING_MS: String(s.tryingMs ?? 4000),
    // Waiting, then ringing, then a margin for the console's refusal to arrive: the switch never gives up first.
    MAX_INV_LIFETIME_MS: String(s.maxWaitMs + agentRingMs + 10_000),
    // A suspended call outlives the console's maximum wait by a margin: the console's 480 comes first,
    // and the switch's own 408 only when the console is gone.
    SUSPEND_MS: String(s.maxWaitMs + 10_000),
    PIKE_DENSITY: String(s.pike?.density ?? 16),
    PIKE_UNIT_SECONDS: String(s.pike?.unitSeconds ?? 2),
    TRUNK_URI: s.trunkUri ?? '',
    LOG_LEVEL: String(s.logLevel ?? 2),
    CHILDREN: String(s.children ?? 2),
  };
  for (const [name, value] of Object.entries(values)) {
    // A value is written inside quotes or as a bare token in the template: nothing that could end either
    // (the secret, written inside quotes only, may also have base64's + / =).
    if (!(name === 'AUTH_SECRET' ? SIP_SECRET_CHARACTERS : name === 'WS_ORIGINS' ? ORIGIN_LIST : name === 'TRUNK_URI' ? new RegExp(`${SIP_TRUNK_URI.source}|^$`) : /^[\w.:-]*$/).test(value)) throw new Error(`kamailio setting ${name} has characters it may not have: ${JSON.stringify(value)}`);
  }
  const used = new Set<string>();
  const out = template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`kamailio.cfg.tpl names {{${name}}}, which nothing fills`);
    used.add(name);
    return v;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`kamailio.cfg.tpl no longer uses ${unused.join(', ')}`);
  return out;
}

/** Writes the rendered configuration into `dir` (created if missing); returns its path. */
export function writeKamailioConfig(dir: string, s: KamailioSettings): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kamailio.cfg');
  // It holds the shared secret: readable by this user only.
  fs.writeFileSync(file, renderKamailioConfig(fs.readFileSync(TEMPLATE, 'utf8'), s), { mode: 0o600 });
  return file;
}
