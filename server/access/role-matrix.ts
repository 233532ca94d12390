import { CAPABILITIES, GROUPS, ROLES, SCREENS, rolesOf, screenIds, type Group } from '../../shared/access/roles.js';
import type { Role } from '../../shared/schemas/auth.js';

/**
 * Who may do what: the one table the server enforces (`authorize`, `authorizeSocket`) and
 * docs/roles.md is generated from (`npx tsx server/access/roles-doc-cli.ts`). Each department gets what its function needs
 * (seed 003): agents serve inbound customers, telemarketers work call lists, supervisors watch the
 * floor and fix data, admins run the back office and privacy requests.
 */

export { ROLES };

/** `public`: no token (health, login); `signed`: an HMAC-signed platform webhook, no user; `visitor`: a website visitor's token (the chat widget). */
export type Access = Role[] | 'public' | 'signed' | 'visitor';

export interface RouteRule {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /api, Express style (`:id` matches one segment). */
  path: string;
  access: Access;
  what: string;
  /** A limit inside the route beyond the role (ownership, field filtering). */
  note?: string;
  /** Back-office writes audited by the route-level trail (`auditWrites`) when they succeed. */
  audit?: { action: string; entity: 'customer' | 'offer' | 'import' | 'campaign' };
}

export interface SocketRule {
  event: string;
  roles: Role[];
  what: string;
}

// Who belongs to which group is declared once, in shared/access/roles.ts (the client's screens use it too).
const ALL = rolesOf('ALL');
const SERVICE = rolesOf('SERVICE');
const BACK_OFFICE = rolesOf('BACK_OFFICE');
const ADMIN = rolesOf('ADMIN');
const OUTBOUND = rolesOf('OUTBOUND');
const DIALER = rolesOf('DIALER');
const INBOUND = rolesOf('INBOUND');
const CALLBACKS = rolesOf('CALLBACKS');

export const ROUTE_RULES: RouteRule[] = [
  { method: 'GET', path: '/health', access: 'public', what: 'liveness and database state' },
  { method: 'POST', path: '/auth/login', access: 'public', what: 'log in' },
  { method: 'POST', path: '/auth/logout', access: ALL, what: 'log out: every token of the user ends at once, their screens are disconnected' },
  { method: 'POST', path: '/cti/events', access: 'signed', what: 'telephony/chat platform events (X-CTI-Signature)' },
  { method: 'GET', path: '/customers', access: ALL, what: 'search customers' },
  {
    method: 'GET',
    path: '/customers/:id/picture',
    access: ALL,
    what: 'open a customer picture (audited)',
    note: 'telemarketer: complaint details, interaction notes, survey comments and business intelligence removed',
  },
  { method: 'POST', path: '/customers', access: SERVICE, what: 'quick-create an unknown caller' },
  { method: 'POST', path: '/customers/:id/link-caller', access: SERVICE, what: 'link an unknown caller to this customer: adds their number, attaches the call (audited)', note: 'only the interaction\'s handling agent, or a supervisor/admin' },
  { method: 'PATCH', path: '/customers/:id/preferences', access: ALL, what: 'change preferences, consent, do-not-call (audited before/after)' },
  { method: 'POST', path: '/customers/:id/opt-out', access: ALL, what: 'unsubscribe from marketing on every (or one) channel' },
  { method: 'POST', path: '/customers/:id/confirm-contact', access: SERVICE, what: 'confirm contact details are current' },
  { method: 'POST', path: '/customers/:id/complaints', access: SERVICE, what: 'open a complaint' },
  { method: 'PATCH', path: '/complaints/:id', access: SERVICE, what: 'update a complaint' },
  { method: 'POST', path: '/customers/:id/transactions', access: BACK_OFFICE, what: 'record a transaction (or signed integration; audited)', audit: { action: 'transaction.recorded', entity: 'customer' } },
  { method: 'GET', path: '/products/:sku/also-bought', access: ALL, what: 'customers also bought' },
  { method: 'GET', path: '/interactions/:id', access: ALL, what: 'read an interaction', note: 'only its handling agent, or a supervisor/admin' },
  { method: 'PATCH', path: '/interactions/:id', access: ALL, what: 'notes, disposition, offer outcome', note: 'only its handling agent, or a supervisor/admin' },
  { method: 'POST', path: '/interactions/:id/messages', access: SERVICE, what: 'chat reply', note: 'only its handling agent, or a supervisor/admin' },
  { method: 'POST', path: '/interactions/:id/attachments', access: SERVICE, what: 'upload a file (image or PDF) to send in a chat reply', note: 'only a live chat\'s handling agent, or a supervisor/admin' },
  { method: 'GET', path: '/attachments/:id', access: SERVICE, what: 'a chat\'s file', note: 'only the chat\'s handling agent, or a supervisor/admin (others: 404)' },
  { method: 'POST', path: '/widget/attachments', access: 'visitor', what: 'a website visitor uploads a file to their chat' },
  { method: 'GET', path: '/widget/attachments/:id', access: 'visitor', what: 'a file of the visitor\'s own chat', note: 'another chat\'s file: 404' },
  { method: 'GET', path: '/interactions/:id/transfer-targets', access: SERVICE, what: 'agents and queues a transfer can go to', note: 'only its handling agent, or a supervisor/admin' },
  { method: 'POST', path: '/interactions/:id/transfer', access: SERVICE, what: 'transfer to an agent or a queue, with a note', note: 'only its handling agent, or a supervisor/admin' },
  { method: 'POST', path: '/demo/simulate', access: BACK_OFFICE, what: 'simulate calls (demo mode)' },
  { method: 'GET', path: '/ops/metrics', access: BACK_OFFICE, what: 'process metrics' },
  { method: 'GET', path: '/duplicates', access: BACK_OFFICE, what: 'duplicate candidates' },
  { method: 'POST', path: '/duplicates/merge', access: BACK_OFFICE, what: 'merge two customers (audited with what moved)' },
  { method: 'GET', path: '/duplicates/merges', access: BACK_OFFICE, what: 'recent merges that can be undone' },
  { method: 'POST', path: '/duplicates/merges/:id/undo', access: BACK_OFFICE, what: 'undo a merge within 30 days (audited)' },
  { method: 'GET', path: '/duplicates/not-duplicates', access: BACK_OFFICE, what: 'pairs marked "not a duplicate"' },
  { method: 'POST', path: '/duplicates/not-duplicates', access: BACK_OFFICE, what: 'mark a pair "not a duplicate" (audited)' },
  { method: 'DELETE', path: '/duplicates/not-duplicates/:id', access: BACK_OFFICE, what: 'withdraw a "not a duplicate" decision (audited)' },
  { method: 'POST', path: '/imports', access: ADMIN, what: 'bulk import (audited)', audit: { action: 'import.started', entity: 'import' } },
  { method: 'GET', path: '/imports/:jobId', access: ADMIN, what: 'import progress' },
  { method: 'GET', path: '/offers/stats', access: BACK_OFFICE, what: 'offer figures' },
  { method: 'GET', path: '/offers', access: BACK_OFFICE, what: 'list offers (supervisors pick them for campaigns)' },
  { method: 'POST', path: '/offers', access: ADMIN, what: 'create an offer (audited)', audit: { action: 'offer.created', entity: 'offer' } },
  { method: 'PUT', path: '/offers/:id', access: ADMIN, what: 'change an offer (audited)', audit: { action: 'offer.changed', entity: 'offer' } },
  { method: 'GET', path: '/campaigns', access: OUTBOUND, what: 'outbound campaigns with live progress' },
  { method: 'POST', path: '/campaigns/preview', access: BACK_OFFICE, what: 'segment builder: live count and exclusions' },
  { method: 'POST', path: '/campaigns', access: BACK_OFFICE, what: 'create a campaign and build its call list (audited)', audit: { action: 'campaign.created', entity: 'campaign' } },
  { method: 'GET', path: '/campaigns/:id', access: OUTBOUND, what: 'a campaign: script, offers, progress' },
  { method: 'PATCH', path: '/campaigns/:id', access: BACK_OFFICE, what: 'pause or resume a campaign (audited)', audit: { action: 'campaign.changed', entity: 'campaign' } },
  { method: 'GET', path: '/campaigns/:id/export', access: BACK_OFFICE, what: 'call list and outcomes as CSV' },
  { method: 'POST', path: '/campaigns/:id/next', access: DIALER, what: 'next due contact, locked to the telemarketer (audited picture)' },
  {
    method: 'POST',
    path: '/campaigns/:id/contacts/:entryId/disposition',
    access: DIALER,
    what: 'record a call outcome, script answers, do-not-call',
    note: 'only the telemarketer the contact was served to',
  },
  { method: 'GET', path: '/canned-replies', access: SERVICE, what: 'canned replies, searched (JSON or CSV)', note: 'agents: everyone\'s and their own team\'s only' },
  { method: 'POST', path: '/canned-replies', access: BACK_OFFICE, what: 'create a canned reply (audited)' },
  { method: 'PATCH', path: '/canned-replies/:id', access: BACK_OFFICE, what: 'change a canned reply (audited)' },
  { method: 'DELETE', path: '/canned-replies/:id', access: BACK_OFFICE, what: 'archive a canned reply (audited)' },
  { method: 'GET', path: '/telephony/sip-credentials', access: rolesOf('FRONT_LINE'), what: "the browser softphone's short-lived SIP credentials (404 when TELEPHONY is not sip)" },
  { method: 'GET', path: '/agent-states/reasons', access: ALL, what: 'the not-ready reasons agents pick from (JSON, or CSV for the admin\'s export)' },
  { method: 'PUT', path: '/agent-states/reasons', access: ADMIN, what: 'change the not-ready reasons (audited; a reason left out is archived)' },
  { method: 'GET', path: '/agent-states/log', access: SERVICE, what: 'agents\' state changes (CSV or JSON)', note: 'agents read only their own' },
  { method: 'GET', path: '/reports/options', access: ALL, what: 'what the reports\' filters offer (queues, teams, agents, campaigns)', note: 'agents: only themselves; supervisors: their teams' },
  { method: 'GET', path: '/reports/interactions', access: BACK_OFFICE, what: 'one row per interaction over a range (CSV or NDJSON, notes on request)', note: 'supervisors: their teams' },
  { method: 'GET', path: '/reports/agents/:agentId/timeline', access: ALL, what: 'one agent\'s day as state stretches', note: 'agents and telemarketers: their own only; supervisors: their teams' },
  { method: 'GET', path: '/reports/:kind', access: ALL, what: 'a historical report (queues, agents, campaigns, offers, satisfaction) as JSON or CSV', note: 'agents and telemarketers: the agents report of themselves only (My day); supervisors: their teams' },
  { method: 'GET', path: '/audit', access: ADMIN, what: 'read the audit log' },
  { method: 'GET', path: '/audit/export', access: ADMIN, what: 'export the audit log (CSV or NDJSON)' },
  { method: 'GET', path: '/privacy/customers/:id/export', access: ADMIN, what: 'access request: everything held about a customer' },
  { method: 'POST', path: '/privacy/customers/:id/erase', access: ADMIN, what: 'erasure: anonymise a customer everywhere' },
  { method: 'POST', path: '/auth/password', access: ALL, what: 'change one\'s own password (other sessions end)' },
  { method: 'PUT', path: '/auth/language', access: ALL, what: 'choose one\'s own language for the console' },
  { method: 'GET', path: '/users', access: ADMIN, what: 'list users' },
  { method: 'GET', path: '/users/export', access: ADMIN, what: 'the user list, filtered, as CSV' },
  { method: 'GET', path: '/callbacks', access: CALLBACKS, what: 'callback tasks, oldest first, filtered; JSON or CSV', note: 'agent: only the queues they take (their skills)' },
  { method: 'POST', path: '/callbacks', access: ['agent', 'supervisor'], what: 'record a callback a caller asked for (audited)' },
  { method: 'POST', path: '/callbacks/:id/claim', access: CALLBACKS, what: 'take an open callback: it is one\'s own alone (409 when someone has it; audited)', note: 'agent: only the queues they take' },
  { method: 'POST', path: '/callbacks/:id/release', access: CALLBACKS, what: 'give a taken callback back to its queue (audited)', note: 'only who took it, or a supervisor' },
  { method: 'POST', path: '/callbacks/:id/close', access: CALLBACKS, what: 'close a callback with its outcome and a note (audited)', note: 'only who took it, or a supervisor' },
  { method: 'GET', path: '/queues', access: ALL, what: 'the queues the console knows of' },
  { method: 'GET', path: '/queues/:queue/hours', access: BACK_OFFICE, what: 'a queue\'s business hours (none: always open)' },
  { method: 'PUT', path: '/queues/:queue/hours', access: BACK_OFFICE, what: 'set a queue\'s business hours; applied at once (audited)' },
  { method: 'DELETE', path: '/queues/:queue/hours', access: BACK_OFFICE, what: 'remove a queue\'s hours: always open again (audited)' },
  { method: 'GET', path: '/teams', access: BACK_OFFICE, what: 'teams with their supervisors and member counts, filtered' },
  { method: 'GET', path: '/teams/export', access: BACK_OFFICE, what: 'the team list, filtered, as CSV' },
  { method: 'GET', path: '/teams/mine', access: BACK_OFFICE, what: 'the teams the caller supervises (whose agents they may change)' },
  { method: 'POST', path: '/teams', access: ADMIN, what: 'create a team with its supervisors (audited)' },
  { method: 'PATCH', path: '/teams/:name', access: ADMIN, what: 'rename a team, set its supervisors, archive or restore it (audited; a team with members is not archived)' },
  { method: 'GET', path: '/teams/:name/members', access: BACK_OFFICE, what: 'a team\'s people with their skills' },
  {
    method: 'PATCH',
    path: '/teams/members/:userId',
    access: BACK_OFFICE,
    what: 'change an agent\'s skills or team (audited; routing uses the new skills at once)',
    note: 'supervisors: only the agents and telemarketers of the teams they supervise, into those teams',
  },
  { method: 'GET', path: '/queue-settings', access: BACK_OFFICE, what: 'queues\' settings (skills, service level, maximum wait, after-call work limit, outside hours), filtered; JSON or CSV' },
  { method: 'GET', path: '/queue-settings/:queue', access: BACK_OFFICE, what: 'one queue\'s settings (the defaults when none are saved)' },
  { method: 'PUT', path: '/queue-settings/:queue', access: ADMIN, what: 'save a queue\'s settings; the next call follows them (audited)' },
  { method: 'DELETE', path: '/queue-settings/:queue', access: ADMIN, what: 'reset a queue\'s settings to the defaults (audited)' },
  { method: 'GET', path: '/dispositions', access: ALL, what: 'disposition codes: the ones one may pick at a queue or campaign, or the list (JSON or CSV)', note: 'agents and telemarketers: active codes only' },
  { method: 'POST', path: '/dispositions', access: ADMIN, what: 'create a disposition code (audited)' },
  { method: 'PATCH', path: '/dispositions/:id', access: ADMIN, what: 'change a disposition code (audited; the console\'s own keep their code and behaviour)' },
  { method: 'DELETE', path: '/dispositions/:id', access: ADMIN, what: 'archive a disposition code: no longer offered, kept on what has it (audited)' },
  { method: 'POST', path: '/users', access: ADMIN, what: 'create a user with a temporary password (audited)' },
  { method: 'PATCH', path: '/users/:id', access: ADMIN, what: 'change a user\'s role, team or name, disable or enable them (audited; a new role or disabling ends their sessions)' },
  { method: 'POST', path: '/users/:id/reset-password', access: ADMIN, what: 'give a user a temporary password (audited; ends their sessions)' },
  { method: 'GET', path: '/widget-sites', access: ADMIN, what: 'the websites that embed the chat widget' },
  { method: 'POST', path: '/widget-sites', access: ADMIN, what: 'register a website for the chat widget (audited; its identity secret is answered once)' },
  { method: 'PATCH', path: '/widget-sites/:id', access: ADMIN, what: 'change or archive a chat widget site (audited)' },
  { method: 'POST', path: '/widget-sites/:id/secret', access: ADMIN, what: 'rotate a chat widget site\'s identity secret (audited; answered once)' },
  { method: 'GET', path: '/widget/transcript', access: 'public', what: 'a website visitor downloads their chat as text', note: '`Authorization: Visitor <token>`: only the visitor\'s own chat; CORS for their site\'s origins' },
];

export const SOCKET_RULES: SocketRule[] = [
  { event: 'agent:state', roles: INBOUND, what: 'set availability (routed calls)' },
  { event: 'supervision:subscribe', roles: BACK_OFFICE, what: 'watch the live floor' },
  { event: 'customer:viewing', roles: ALL, what: 'announce a picture is open (presence)' },
  { event: 'customer:left', roles: ALL, what: 'announce a picture is closed (presence)' },
  { event: 'chat:typing', roles: INBOUND, what: 'typing in a chat (relayed to a website visitor)' },
  { event: 'chat:read', roles: INBOUND, what: 'read a chat\'s messages up to one (relayed to a website visitor)' },
];

/** Server → client pushes and who receives them (for the written matrix; the server decides the rooms). */
export const SOCKET_PUSHES: Array<{ event: string; roles: Role[]; what: string }> = [
  { event: 'screen-pop', roles: INBOUND, what: 'the routed interaction with its picture' },
  { event: 'interaction:updated', roles: INBOUND, what: 'changes to the interactions one handles' },
  { event: 'chat:message', roles: INBOUND, what: 'chat messages of one\'s chats' },
  { event: 'chat:typing', roles: INBOUND, what: 'a website visitor is typing in one\'s chat' },
  { event: 'chat:read', roles: INBOUND, what: 'a website visitor has read one\'s messages up to one' },
  { event: 'agent:state-changed', roles: INBOUND, what: 'one\'s own state' },
  { event: 'feed:batch', roles: BACK_OFFICE, what: 'live interaction feed' },
  { event: 'agents:changed', roles: BACK_OFFICE, what: 'agents board' },
  { event: 'queues:changed', roles: BACK_OFFICE, what: 'queue figures' },
  { event: 'presence:changed', roles: ALL, what: 'who else has the same picture open (to its viewers only)' },
  { event: 'campaign:changed', roles: OUTBOUND, what: 'an outbound campaign\'s status and progress' },
  { event: 'callback:changed', roles: CALLBACKS, what: 'a callback task left, taken, given back or closed (agents: their queues\' only)' },
];

const segments = (p: string) => p.split('/').filter(Boolean);

/**
 * A request path as Express matches it against routes: case-insensitively, with empty segments
 * (a trailing or doubled slash) ignored. Percent-escapes are decoded too, so that an escaped spelling
 * of a route can never find a way round its rule.
 */
function requestSegments(path: string): string[] {
  return segments(path).map((seg) => {
    try {
      return decodeURIComponent(seg).toLowerCase();
    } catch {
      return seg.toLowerCase();
    }
  });
}

/** The rule of a request, matching `:param` segments; undefined when the route is not in the matrix. */
export function ruleFor(method: string, path: string): RouteRule | undefined {
  const parts = requestSegments(path);
  return ROUTE_RULES.find((r) => {
    if (r.method !== method.toUpperCase()) return false;
    const pattern = segments(r.path);
    return pattern.length === parts.length && pattern.every((seg, i) => seg.startsWith(':') || seg.toLowerCase() === parts[i]);
  });
}

/** Whether a role may call a route; public and signed routes are open to any role. */
export function mayCall(role: Role, rule: RouteRule): boolean {
  return typeof rule.access === 'string' || rule.access.includes(role);
}

export const socketRuleFor = (event: string) => SOCKET_RULES.find((r) => r.event === event);

/** docs/roles.md, written from the tables above. */
export function roleMatrixMarkdown(): string {
  const mark = (allowed: boolean) => (allowed ? '✔' : '—');
  const groupCells = (g: Group | 'public') => (g === 'public' ? ROLES.map(() => 'public') : ROLES.map((r) => mark((GROUPS[g] as readonly Role[]).includes(r))));
  const accessCells = (a: Access) => (typeof a === 'string' ? ROLES.map(() => a) : ROLES.map((r) => mark(a.includes(r))));
  const lines = [
    '# Role matrix',
    '',
    'Generated from `server/access/role-matrix.ts` and the role groups of `shared/access/roles.ts`',
    '(`npx tsx server/access/roles-doc-cli.ts`); the server enforces the same table:',
    'every HTTP route through `authorize()` (403 for a role not listed, and for any request that matches no',
    'rule: deny by default; paths compare as Express routes them, whatever their letter case, slashes or',
    'percent-escapes), every Socket.IO event through',
    '`authorizeSocket()` (acknowledged with `FORBIDDEN`, unknown events refused). A test calls every route as',
    'every role (`test/access/role-matrix.test.ts`) and checks that every mounted route is in the table.',
    '',
    '## HTTP routes (under `/api`)',
    '',
    `| method | path | ${ROLES.join(' | ')} | what | limits inside the route |`,
    `| --- | --- | ${ROLES.map(() => '---').join(' | ')} | --- | --- |`,
    ...ROUTE_RULES.map((r) => `| ${r.method} | \`${r.path}\` | ${accessCells(r.access).join(' | ')} | ${r.what} | ${r.note ?? ''} |`),
    '',
    '## Socket.IO events, client → server',
    '',
    `| event | ${ROLES.join(' | ')} | what |`,
    `| --- | ${ROLES.map(() => '---').join(' | ')} | --- |`,
    ...SOCKET_RULES.map((r) => `| \`${r.event}\` | ${ROLES.map((x) => mark(r.roles.includes(x))).join(' | ')} | ${r.what} |`),
    '',
    '## Socket.IO pushes, server → client (rooms chosen by the server from the token)',
    '',
    `| event | ${ROLES.join(' | ')} | what |`,
    `| --- | ${ROLES.map(() => '---').join(' | ')} | --- |`,
    ...SOCKET_PUSHES.map((r) => `| \`${r.event}\` | ${ROLES.map((x) => mark(r.roles.includes(x))).join(' | ')} | ${r.what} |`),
    '',
    '## Client screens and capabilities',
    '',
    'From `shared/access/roles.ts`, which also declares the role groups above. The client\'s router opens a',
    'screen only for these roles (others are sent to their home screen with a message; not logged in: to',
    '`/login?redirect=…`); this is convenience, the routes and events above are what the server enforces.',
    '',
    `| screen | URL | ${ROLES.join(' | ')} | what |`,
    `| --- | --- | ${ROLES.map(() => '---').join(' | ')} | --- |`,
    ...screenIds.map((id) => `| ${SCREENS[id].label} | \`${SCREENS[id].path}\` | ${groupCells(SCREENS[id].access).join(' | ')} | ${SCREENS[id].what} |`),
    '',
    `| capability | ${ROLES.join(' | ')} |`,
    `| --- | ${ROLES.map(() => '---').join(' | ')} |`,
    ...Object.entries(CAPABILITIES).map(([c, g]) => `| ${c} | ${groupCells(g).join(' | ')} |`),
    '',
    '## Field level',
    '',
    'Pictures leave the server through `pictureFor(role, picture)` (`server/access/picture-filter.ts`): the',
    'GET picture route, the screen pop and every route answering with a picture. A telemarketer gets complaint',
    'counts and status only (subject, category, owner and resolution removed), no interaction notes, no survey',
    'comments and no business intelligence (competitors, share of wallet, buying practices).',
    '',
    '## Sessions',
    '',
    'Tokens expire after `TOKEN_TTL` (12 h). Every socket connection (and reconnection) verifies its token;',
    'a socket is cut when its token expires. Each token carries its user\'s token epoch: `POST /api/auth/logout`',
    'and disabling a user (`PATCH /api/users/:id {disabled: true}`, admin) raise it, which revokes every earlier',
    'token of that user (re-enabling does not revive them) and cuts their sockets at once. Routes check it at',
    'once in the process that revoked, within 5 s in other processes (the database holds the epoch).',
    '',
  ];
  return lines.join('\n');
}
