import { z } from 'zod';
import { Channel } from './common.js';

/** `call.held` / `call.resumed`: the agent put the caller on hold and took them back (hold time is timed from them). */
export const CtiEventType = z.enum(['call.ringing', 'call.answered', 'call.held', 'call.resumed', 'call.ended', 'chat.started', 'chat.message', 'chat.ended']);
export type CtiEventType = z.infer<typeof CtiEventType>;

/**
 * What a telephony or chat platform posts to /api/cti/events, signed with
 * `X-CTI-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
 */
export const CtiEvent = z
  .object({
    eventId: z.string().min(1).max(128),
    type: CtiEventType,
    callId: z.string().min(1).max(128),
    channel: Channel,
    from: z.string().min(1).max(256),
    to: z.string().min(1).max(256),
    queue: z.string().min(1).max(64).optional(),
    agentId: z.string().min(1).max(64).optional(),
    at: z.iso.datetime({ offset: true }),
    text: z.string().max(4000).optional(),
  })
  .strict()
  .refine((e) => e.type.startsWith('call.') === (e.channel === 'voice'), {
    message: 'call.* events need channel "voice", chat.* events channel "chat"',
    path: ['channel'],
  })
  .refine((e) => e.type !== 'chat.message' || (e.text !== undefined && e.text.length > 0), {
    message: 'chat.message needs text',
    path: ['text'],
  });
export type CtiEvent = z.infer<typeof CtiEvent>;

export const CtiEventAccepted = z.object({
  accepted: z.boolean(),
  duplicate: z.boolean(),
  interactionId: z.string().optional(),
});
export type CtiEventAccepted = z.infer<typeof CtiEventAccepted>;
