import type { Limit } from '../security/rate-limit.js';

export interface AttachmentLimits {
  /** The largest file, in bytes (`WIDGET_ATTACHMENT_LIMIT`). */
  maxBytes: number;
  /** Uploads per visitor session, per agent, and per client address (all visitors behind it together). */
  perVisitor: Limit;
  perAgent: Limit;
  perIp: Limit;
}

/** A visitor sends a few pictures in a chat, not dozens a minute; an office behind one address sends more. */
export const defaultAttachmentLimits = (maxBytes = 5 * 1024 * 1024): AttachmentLimits => ({
  maxBytes,
  perVisitor: { points: 10, duration: 60 },
  perAgent: { points: 30, duration: 60 },
  perIp: { points: 60, duration: 60 },
});
