import { z } from 'zod';

/**
 * Canned replies: texts supervisors prepare for chat agents. Typing `/` in the composer searches them
 * by shortcut and title. Variables in the text are filled in when inserted (client side, from the
 * chat's picture and the agent): `{customer.firstName}`, `{customer.lastName}`, `{customer.name}`,
 * `{agent.name}`; an unknown variable is left as written.
 */
export const CANNED_VARIABLES = ['customer.firstName', 'customer.lastName', 'customer.name', 'agent.name'] as const;

export const CannedReplyInput = z
  .object({
    title: z.string().trim().min(1).max(100),
    /** Typed after `/`: letters, digits and dashes. Unique among the replies one agent sees. */
    shortcut: z.string().trim().regex(/^[\p{L}\p{N}-]{1,32}$/u, 'letters, digits and dashes'),
    text: z.string().trim().min(1).max(4000),
    /** A team's replies are seen by that team's agents; none: everyone's. */
    team: z.string().trim().min(1).max(64).nullable().default(null),
  })
  .strict();
export type CannedReplyInput = z.infer<typeof CannedReplyInput>;

export const CannedReply = z.object({
  id: z.string(),
  title: z.string(),
  shortcut: z.string(),
  text: z.string(),
  team: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
});
export type CannedReply = z.infer<typeof CannedReply>;

/**
 * `GET /api/canned-replies`: `q` searches title, shortcut and text; `team` narrows to one team's
 * replies (`-`: the replies for everyone). Agents always get everyone's and their own team's only.
 */
export const CANNED_NO_TEAM = '-';
export const CannedReplyQuery = z.object({
  q: z.string().trim().max(100).optional(),
  team: z.string().trim().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type CannedReplyQuery = z.infer<typeof CannedReplyQuery>;
