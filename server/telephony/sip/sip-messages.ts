import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What Kamailio tells the console over evapi (kamailio.cfg.tpl builds these with jansson), and what the
 * console answers. Pure: no I/O here.
 */

/** A time on the switch's clock: "seconds.microseconds" since the epoch. */
const SwitchTime = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/);

/** A switch time as a Date (to the millisecond). */
export const switchTime = (t: string) => new Date(Math.round(Number(t) * 1000));

const Suspended = { tindex: z.number().int().nonnegative(), tlabel: z.number().int().nonnegative() };

export const SwitchEvent = z.discriminatedUnion('event', [
  /** A call from outside, suspended until the console decides where it goes. */
  z.object({
    event: z.literal('invite'),
    callId: z.string().min(1).max(1024),
    from: z.string().max(256).optional(),
    fromUri: z.string().max(1024).optional(),
    fromName: z.string().max(256).optional(),
    to: z.string().max(256).optional(),
    source: z.string().max(64).optional(),
    /** The caller's Allow header: the methods its side takes (a blind transfer needs REFER). */
    allow: z.string().max(512).optional(),
    /** When the switch received the INVITE. */
    receivedAt: SwitchTime.optional(),
    ...Suspended,
  }),
  /** The agent's phone was not registered, refused or did not answer: the call is suspended again. */
  z.object({ event: z.literal('agent-failed'), callId: z.string().min(1).max(1024), aor: z.string().optional(), code: z.number().int().optional(), ...Suspended }),
  /** The caller hung up before anyone answered. */
  z.object({ event: z.literal('cancel'), callId: z.string().min(1).max(1024) }),
  /** Dialog events: answered (200 OK), ended (BYE), failed (a final refusal before any answer). */
  z.object({ event: z.literal('answered'), callId: z.string().min(1).max(1024), fromTag: z.string().max(256).optional(), toTag: z.string().max(256).optional() }),
  /** A transfer the switch could not start (the dialog was gone). */
  z.object({ event: z.literal('refer-failed'), callId: z.string().min(1).max(1024) }),
  z.object({ event: z.literal('ended'), callId: z.string().min(1).max(1024) }),
  z.object({ event: z.literal('failed'), callId: z.string().min(1).max(1024), code: z.number().int().optional() }),
  /** A re-offer accepted (2xx) that stops the media (held) or restarts it (resumed); `cseq` names the re-offer. */
  z.object({ event: z.literal('held'), callId: z.string().min(1).max(1024), cseq: z.number().int().nonnegative(), at: SwitchTime }),
  z.object({ event: z.literal('resumed'), callId: z.string().min(1).max(1024), cseq: z.number().int().nonnegative(), at: SwitchTime }),
  /**
   * Click-to-call (sip-outbound.ts): an agent's own INVITE, authenticated by the switch (`agent` is the
   * credentials' owner), suspended until the console says whether it may go to the trunk.
   */
  z.object({
    event: z.literal('outbound'),
    callId: z.string().min(1).max(1024),
    agent: z.string().min(1).max(256),
    number: z.string().max(256),
    source: z.string().max(64).optional(),
    ...Suspended,
  }),
  /** Click-to-call: the carrier's final refusal (486 busy, 408/480 no answer...), with its code. */
  z.object({ event: z.literal('outbound-failed'), callId: z.string().min(1).max(1024), code: z.number().int() }),
]);
export type SwitchEvent = z.infer<typeof SwitchEvent>;

/** The console's word on a suspended call: relay it to an agent's address, or refuse it. */
export type Decision =
  | { tindex: number; tlabel: number; action: 'relay'; aor: string }
  /** 486 Busy Here / 480 Temporarily Unavailable / 503: the caller is told no one can take the call. */
  | { tindex: number; tlabel: number; action: 'busy' | 'unavailable' | 'refuse' }
  /** The caller hung up (CANCEL): 487 Request Terminated. */
  | { tindex: number; tlabel: number; action: 'cancelled' }
  /** Blind transfer: the caller's side is sent a REFER to the switch's `xfer-<token>` address, the agent's leg hung up. */
  | { action: 'refer'; callId: string; fromTag: string; toTag: string; token: string }
  /** Click-to-call: send the agent's INVITE on to the trunk, or refuse it (403, `reason` as the phrase's tail). */
  | { tindex: number; tlabel: number; action: 'dial' }
  | { tindex: number; tlabel: number; action: 'forbidden'; reason: string };

/** Reads one evapi message; null for anything that is not an event the console knows. */
export function parseSwitchEvent(raw: string): SwitchEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = SwitchEvent.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The interaction's call id for a SIP Call-ID: the Call-ID itself, prefixed so it never meets a webhook
 * platform's ids; a Call-ID too long for the CTI contract (128) is replaced by its hash.
 */
export function interactionCallId(sipCallId: string): string {
  const id = `sip:${sipCallId}`;
  return id.length <= 128 ? id : `sip:sha256:${createHash('sha256').update(sipCallId).digest('hex')}`;
}

/**
 * The caller's number as identification reads it: the From user part when it is a telephone number
 * (digits, an optional +, visual separators), else the whole From URI (a SIP address is still a
 * caller, just not one found by phone), else "anonymous".
 */
export function callerOf(e: { from?: string; fromUri?: string }): string {
  const user = (e.from ?? '').trim();
  if (/^\+?[\d\-. ()]{3,32}$/.test(user)) return user;
  const uri = (e.fromUri ?? '').trim();
  if (uri && uri !== '<null>') return uri.slice(0, 256);
  if (user && user !== '<null>') return user.slice(0, 256);
  return 'anonymous';
}

/** The address an agent's phone registers as: `sip:<username>@<domain>`. */
export const agentAor = (username: string, domain: string) => `sip:${username}@${domain}`;

/**
 * The CTI event id of one step of a SIP call: one id per step, so a step learnt twice (a dialog event
 * and the console's own refusal both ending a call) is applied once.
 */
export const stepEventId = (callId: string, step: 'ringing' | 'answered' | 'ended' | `held-${number}` | `resumed-${number}`) => `sip-${step}-${createHash('sha256').update(callId).digest('hex').slice(0, 40)}`;

/** Whether an interaction's call came through the console's own switch (its call id is `sip:…`). */
export const isSwitchCall = (callId: string) => callId.startsWith('sip:');

/** Whether a caller's Allow header lists REFER: only such a side can be moved by a blind transfer. */
export const takesRefer = (allow: string | undefined) => !!allow && allow.split(',').some((m) => m.trim().toUpperCase() === 'REFER');

/** The user part of the address a transfer refers the caller to (the switch adds its own host); its new INVITE comes back with it. */
export const TRANSFER_USER = /^xfer-([0-9a-f]{24})$/;
