import type { Role } from '../schemas/auth.js';

/**
 * The one declaration of who belongs to which group, and which screens and client capabilities each
 * role has. The server builds its route and socket rules from these groups
 * (`server/access/role-matrix.ts`); the client's router guards and conditionals read only this file.
 * The client side is convenience: the server enforces every route and event on its own.
 */

export const ROLES: readonly Role[] = ['agent', 'telemarketer', 'supervisor', 'admin'];

/** Groups by department function (seed 003). */
export const GROUPS = {
  ALL: ['agent', 'telemarketer', 'supervisor', 'admin'],
  /** Inbound service: takes calls and chats, edits customers. */
  SERVICE: ['agent', 'supervisor', 'admin'],
  /** Watches the floor and fixes data. */
  BACK_OFFICE: ['supervisor', 'admin'],
  ADMIN: ['admin'],
  /** Sees outbound campaigns. */
  OUTBOUND: ['telemarketer', 'supervisor', 'admin'],
  /** Works call lists. */
  DIALER: ['telemarketer'],
  /** Receives routed calls and chats (sets availability). */
  INBOUND: ['agent'],
  /** Works at the console rather than the floor. */
  FRONT_LINE: ['agent', 'telemarketer'],
  /** Works callback tasks customers left (the website widget's message, a call's request). */
  CALLBACKS: ['agent', 'telemarketer', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Group = keyof typeof GROUPS;

/** Client capabilities that are not a screen of their own. */
export const CAPABILITIES = {
  /** Start simulated calls (demo mode). */
  simulate: 'BACK_OFFICE',
  /** Subscribe to the live feed and boards. */
  watchFloor: 'BACK_OFFICE',
  /** Set availability and receive routed calls and chats. */
  takeInbound: 'INBOUND',
  /** Work a campaign's call list. */
  dial: 'DIALER',
} as const satisfies Record<string, Group>;

export type Capability = keyof typeof CAPABILITIES;

export interface Screen {
  /** The URL pattern (vue-router style). */
  path: string;
  /** Tab or page label. */
  label: string;
  /** Who may open it; `public` needs no login. */
  access: Group | 'public';
  what: string;
}

/**
 * Every screen of the client. Back-office sections (offers, users...) keep the ids their tabs have
 * always had (`section-<id>` in the page), so the id is also the section id.
 */
export const SCREENS = {
  login: { path: '/login', label: 'Log in', access: 'public', what: 'sign in' },
  password: { path: '/password', label: 'Choose your password', access: 'ALL', what: 'forced change after a temporary password' },
  console: { path: '/console', label: 'Console', access: 'FRONT_LINE', what: 'agent workspace, or the telemarketer’s dialer' },
  interaction: { path: '/console/interactions/:id', label: 'Interaction', access: 'INBOUND', what: 'one live call or chat tab' },
  customer: { path: '/customers/:id', label: 'Customer', access: 'INBOUND', what: 'a customer’s picture opened without a call' },
  floor: { path: '/floor', label: 'Floor', access: 'BACK_OFFICE', what: 'live feed, queues, agents and campaign boards' },
  campaigns: { path: '/campaigns', label: 'Campaigns', access: 'BACK_OFFICE', what: 'outbound campaigns: create, pause, export' },
  campaignNew: { path: '/campaigns/new', label: 'New campaign', access: 'BACK_OFFICE', what: 'the campaign form: segment, script, offers' },
  offers: { path: '/admin/offers', label: 'Offers', access: 'ADMIN', what: 'offer catalogue and figures' },
  import: { path: '/admin/import', label: 'Import', access: 'ADMIN', what: 'bulk customer import' },
  duplicates: { path: '/admin/duplicates', label: 'Duplicates', access: 'BACK_OFFICE', what: 'duplicate candidates and merges' },
  audit: { path: '/admin/audit', label: 'Audit log', access: 'ADMIN', what: 'read and export the audit log' },
  privacy: { path: '/admin/privacy', label: 'Privacy', access: 'ADMIN', what: 'access and erasure requests' },
  cannedReplies: { path: '/admin/canned-replies', label: 'Canned replies', access: 'BACK_OFFICE', what: 'chat agents\' canned replies: list, export, edit' },
  users: { path: '/admin/users', label: 'Users', access: 'ADMIN', what: 'user accounts, roles, temporary passwords' },
  callbacks: { path: '/callbacks', label: 'Callbacks', access: 'CALLBACKS', what: 'callback tasks customers left: take one, call, close it' },
  queueHours: { path: '/admin/queue-hours', label: 'Queue hours', access: 'BACK_OFFICE', what: 'queues’ business hours, holidays and time zone' },
  reports: { path: '/admin/reports', label: 'Reports', access: 'BACK_OFFICE', what: 'historical reports: queues, agents, campaigns, offers, satisfaction; CSV exports' },
  myDay: { path: '/my-day', label: 'My day', access: 'FRONT_LINE', what: 'the agent’s own figures and activity timeline' },
  teams: { path: '/admin/teams', label: 'Teams', access: 'BACK_OFFICE', what: 'teams, their supervisors, and agents’ skills' },
  queueSettings: { path: '/admin/queues', label: 'Queues', access: 'BACK_OFFICE', what: 'queues: skills, service-level target, maximum wait, after-call-work limit' },
  dispositions: { path: '/admin/dispositions', label: 'Dispositions', access: 'BACK_OFFICE', what: 'disposition codes per queue or campaign' },
  notReadyReasons: { path: '/admin/not-ready-reasons', label: 'Not-ready reasons', access: 'ADMIN', what: 'the reasons agents pick when not ready' },
} as const satisfies Record<string, Screen>;

export type ScreenId = keyof typeof SCREENS;

/** The screen each role lands on after login, and is sent back to from a screen it may not open. */
export const HOME: Record<Role, ScreenId> = { agent: 'console', telemarketer: 'console', supervisor: 'floor', admin: 'floor' };

export const rolesOf = (group: Group): Role[] => [...GROUPS[group]];

export const inGroup = (role: Role | undefined, group: Group): boolean => !!role && (GROUPS[group] as readonly Role[]).includes(role);

export const can = (role: Role | undefined, capability: Capability): boolean => inGroup(role, CAPABILITIES[capability]);

export function mayOpen(role: Role | undefined, screen: ScreenId): boolean {
  const access: Screen['access'] = SCREENS[screen].access;
  return access === 'public' || inGroup(role, access);
}

export const screenIds = Object.keys(SCREENS) as ScreenId[];
