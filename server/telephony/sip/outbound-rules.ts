import type { Role } from '../../../shared/schemas/auth.js';
import { GROUPS } from '../../../shared/access/roles.js';
import type { CallingHours } from '../../../shared/schemas/campaign.js';
import { isCallable } from '../../campaigns/calling-hours.js';

/**
 * Whether an agent's click-to-call may go to the trunk (sip-outbound.ts asks, the switch obeys). Pure:
 * the caller loads the agent and the contacts the dialer holds for them; this file only judges.
 */

/** Why a click-to-call is refused: the tail of the switch's 403 reason phrase and the screen's message key. */
export type OutboundRefusal =
  | 'no-trunk'
  | 'unknown-agent'
  | 'not-a-dialer'
  | 'no-contact-held'
  | 'not-the-contact'
  | 'campaign-not-active'
  | 'do-not-call'
  | 'no-consent'
  | 'outside-hours';

/** A contact the dialer holds for the agent (a locked call-list entry with its call's interaction). */
export interface HeldContact {
  interactionId: string;
  phone: string;
  /** `excluded`: withdrawn while held (do-not-call elsewhere): still theirs to disposition, not to call. */
  status: string;
  timezone: string;
  campaign: { status: string; startsAt?: Date | null; endsAt?: Date | null; callingHours: CallingHours };
  customer: { doNotCall?: boolean | null; consents?: ReadonlyArray<{ purpose?: string | null; channel?: string | null; granted?: boolean | null }> | null };
}

export interface OutboundQuestion {
  trunk: boolean;
  /** The user the switch authenticated; undefined when no such user exists (or is disabled). */
  agent?: { role: Role; disabled?: boolean | null };
  /** The number dialled (the Request-URI's user part). */
  number: string;
  held: readonly HeldContact[];
  now: Date;
}

export type OutboundVerdict = { dial: true; interactionId: string } | { dial: false; reason: OutboundRefusal };

/** A telephone number as written by people and phones alike: digits and a leading +, nothing else. */
export function normaliseNumber(n: string): string {
  const trimmed = n.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * The verdict on one click-to-call. Checked in this order, so the reason told is the first that
 * applies: the switch has a trunk; the caller is a user whose role works call lists; the number is
 * the one of a contact the dialer holds for them now (nobody dials arbitrary numbers through the
 * console); that contact's campaign is running; the customer has not asked not to be called and has
 * not withdrawn phone marketing consent; the customer's clock is inside the campaign's calling hours.
 */
export function judgeOutbound(q: OutboundQuestion): OutboundVerdict {
  const no = (reason: OutboundRefusal): OutboundVerdict => ({ dial: false, reason });
  if (!q.trunk) return no('no-trunk');
  if (!q.agent || q.agent.disabled) return no('unknown-agent');
  if (!(GROUPS.DIALER as readonly Role[]).includes(q.agent.role)) return no('not-a-dialer');
  if (!q.held.length) return no('no-contact-held');
  const dialled = normaliseNumber(q.number);
  const contact = dialled.replace('+', '').length >= 3 ? q.held.find((h) => normaliseNumber(h.phone) === dialled) : undefined;
  if (!contact) return no('not-the-contact');
  const c = contact.campaign;
  if (c.status !== 'active' || (c.startsAt && q.now < c.startsAt) || (c.endsAt && q.now >= c.endsAt)) return no('campaign-not-active');
  if (contact.status === 'excluded' || contact.customer.doNotCall) return no('do-not-call');
  if (contact.customer.consents?.some((x) => x.purpose === 'marketing' && x.channel === 'phone' && x.granted === false)) return no('no-consent');
  if (!isCallable(q.now, contact.timezone, c.callingHours)) return no('outside-hours');
  return { dial: true, interactionId: contact.interactionId };
}

/** What became of a dialled call, from the final SIP code the carrier (or the switch) gave. */
export type OutboundOutcome = 'answered' | 'busy' | 'no-answer' | 'failed';

export function outcomeOfCode(code: number): OutboundOutcome {
  if (code >= 200 && code < 300) return 'answered';
  if (code === 486 || code === 600) return 'busy';
  // Not answered in time (the switch's 408), not reachable now, or the telemarketer gave up while it rang.
  if (code === 408 || code === 480 || code === 487 || code === 603) return 'no-answer';
  return 'failed';
}
