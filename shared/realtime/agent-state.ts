import { z } from 'zod';

/**
 * What an agent chooses for themself: ready for work or not (with a reason). Calls and chats decide the
 * rest of their state (below); the choice is kept underneath and comes back when the work is done.
 */
export const AgentPresence = z.enum(['available', 'not-ready']);
export type AgentPresence = z.infer<typeof AgentPresence>;

/**
 * The agent's true state, as routing, their own bar and the supervisors' board see it:
 * - `offline`: no screen of theirs is connected;
 * - `offered`: a call rings at their screen (or a chat waits to be accepted);
 * - `on-call` / `on-chat`: busy with an answered call, or with one or more accepted chats;
 * - `after-call-work`: the last call or chat ended and its disposition is still owed;
 * - `available` / `not-ready`: their own choice, when no work holds them.
 */
export const AgentLiveState = z.enum(['offline', 'not-ready', 'available', 'offered', 'on-call', 'on-chat', 'after-call-work']);
export type AgentLiveState = z.infer<typeof AgentLiveState>;

/** As the supervisor's board shows it: also `outbound` for a telemarketer on a campaign call. */
export const BoardAgentState = z.enum([...AgentLiveState.options, 'outbound']);
export type BoardAgentState = z.infer<typeof BoardAgentState>;

/**
 * Reasons the system gives when it makes an agent not ready; the agent cannot pick them. The reasons an
 * agent picks (break, lunch, training...) are configured by an admin (`notreadyreasons`).
 */
export const SYSTEM_NOT_READY_REASONS = {
  /** A new login: nothing routes before the agent says they are ready. */
  login: 'Just logged in',
  /** A call or chat was offered and the screen never took it. */
  missed: 'Missed an offered call',
  /** After-call work ran past its limit. */
  'acw-timeout': 'After-call work timed out',
} as const;
export type SystemNotReadyReason = keyof typeof SYSTEM_NOT_READY_REASONS;

/** A reason code: lower-case letters, digits and dashes (an admin's code or a system one). */
export const ReasonCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a reason code is 1–32 lower-case letters, digits or dashes');

/** `agent:state`: the agent asks to be available, or not ready for a reason they may pick. */
export const AgentStateRequest = z.discriminatedUnion('state', [
  z.object({ state: z.literal('available') }).strict(),
  z.object({ state: z.literal('not-ready'), reason: ReasonCode }).strict(),
]);
export type AgentStateRequest = z.infer<typeof AgentStateRequest>;

/** A not-ready reason an agent may pick, as an admin configured it. */
export const NotReadyReason = z
  .object({
    code: ReasonCode,
    label: z.string().trim().min(1).max(60),
    /** Archived reasons stay in the state log's history but are no longer offered. */
    active: z.boolean().default(true),
  })
  .strict();
export type NotReadyReason = z.infer<typeof NotReadyReason>;
export const NotReadyReasonList = z.array(NotReadyReason).max(50);

/** The reasons a new installation starts with. */
export const DEFAULT_NOT_READY_REASONS: NotReadyReason[] = [
  { code: 'break', label: 'Break', active: true },
  { code: 'lunch', label: 'Lunch', active: true },
  { code: 'training', label: 'Training', active: true },
  { code: 'coaching', label: 'Coaching', active: true },
  { code: 'meeting', label: 'Meeting', active: true },
  { code: 'other', label: 'Other work', active: true },
];

/** One change of an agent's state, as the state log keeps it (for reports: worked hours, occupancy). */
export const AgentStateChange = z.object({
  userId: z.string(),
  username: z.string(),
  from: AgentLiveState,
  to: AgentLiveState,
  reason: z.string().optional(),
  at: z.string(),
  /** `agent` (their own choice), `system` (routing, calls, limits), or the supervisor's username. */
  by: z.string(),
});
export type AgentStateChange = z.infer<typeof AgentStateChange>;
