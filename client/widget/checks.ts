import type { CallbackRequest, PreChat } from '@shared/schemas/widget';
import type { MessageKey } from './message-key';

/*
 * The pre-chat and callback forms' checks, the same as the server's zod schemas (PreChat,
 * CallbackRequest in shared/schemas/widget.ts) so a visitor hears what is wrong before sending; the
 * server checks again.
 */
const PHONE = /^[+\d][\d\s().-]{5,30}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export type FieldErrors<F extends string> = Partial<Record<F, { key: MessageKey; params?: Record<string, number> }>>;
type Result<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

export interface PreChatInput {
  name: string;
  email: string;
  phone: string;
  question: string;
  marketingConsent: boolean;
}

function text(value: string, max: number, required: MessageKey | undefined) {
  const v = value.trim();
  if (!v && required) return { error: { key: required } };
  if (v.length > max) return { error: { key: 'errTooLong' as const, params: { max } } };
  return { value: v };
}

/** The form's part of PreChat (the widget adds the language and any identity). */
export type PreChatValue = Omit<PreChat, 'locale' | 'identity'>;

export function checkPreChat(input: PreChatInput): Result<PreChatValue, keyof PreChatInput> {
  const errors: FieldErrors<keyof PreChatInput> = {};
  const name = text(input.name, 100, 'errNameRequired');
  const question = text(input.question, 2000, 'errQuestionRequired');
  const email = input.email.trim();
  const phone = input.phone.trim();
  if (name.error) errors.name = name.error;
  if (question.error) errors.question = question.error;
  if (email && (email.length > 200 || !EMAIL.test(email))) errors.email = { key: 'errEmailInvalid' };
  if (phone && !PHONE.test(phone)) errors.phone = { key: 'errPhoneInvalid' };
  if (!email && !phone) errors.email = { key: 'errContactRequired' };
  if (Object.keys(errors).length) return { ok: false, errors };
  const value: PreChatValue = { name: name.value!, question: question.value!, marketingConsent: input.marketingConsent };
  if (email) value.email = email;
  if (phone) value.phone = phone;
  return { ok: true, value };
}

export function checkCallback(input: { name: string; phone: string; message: string }): Result<CallbackRequest, 'name' | 'phone' | 'message'> {
  const errors: FieldErrors<'name' | 'phone' | 'message'> = {};
  const name = text(input.name, 100, 'errNameRequired');
  const message = text(input.message, 2000, undefined);
  const phone = input.phone.trim();
  if (name.error) errors.name = name.error;
  if (message.error) errors.message = message.error;
  if (!phone) errors.phone = { key: 'errPhoneRequired' };
  else if (!PHONE.test(phone)) errors.phone = { key: 'errPhoneInvalid' };
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { name: name.value!, phone, message: message.value ?? '' } };
}

/** The attachment types the server accepts (it reads the type from the content; this only spares a useless upload). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];
export const ATTACHMENT_LIMIT = 5 * 1024 * 1024;

export function checkAttachment(file: { type: string; size: number }): MessageKey | undefined {
  if (!ATTACHMENT_TYPES.includes(file.type)) return 'fileWrongType';
  if (file.size > ATTACHMENT_LIMIT) return 'fileTooBig';
  return undefined;
}

/** An ack's or an HTTP answer's error code, in words of the visitor's language. */
const CODES: Record<string, MessageKey> = {
  VALIDATION: 'errValidation',
  BAD_REQUEST: 'errValidation',
  RATE_LIMITED: 'errRateLimited',
  QUEUE_CLOSED: 'errQueueClosed',
  NO_AGENT_AVAILABLE: 'errNoAgent',
  NOT_FOUND: 'errNotFound',
  FORBIDDEN: 'errForbidden',
  UNAUTHORIZED: 'errSession',
  CONFLICT: 'errConflict',
  PAYLOAD_TOO_LARGE: 'fileTooBig',
  TOO_LARGE: 'fileTooBig',
  UNSUPPORTED_MEDIA_TYPE: 'fileWrongType',
  UNSUPPORTED_TYPE: 'fileWrongType',
  FILE_TOO_LARGE: 'fileTooBig',
  UNSUPPORTED_FILE_TYPE: 'fileWrongType',
  BAD_ENCODING: 'fileWrongType',
  EMPTY_FILE: 'fileWrongType',
  VISITOR_TOKEN_REQUIRED: 'errSession',
  UNKNOWN_VISITOR: 'errSession',
  ORIGIN_NOT_ALLOWED: 'errForbidden',
  NO_CONVERSATION: 'chatEnded',
  CHAT_ENDED: 'chatEnded',
  TIMEOUT: 'errTimeout',
  OFFLINE: 'errOffline',
};
export const errorKey = (code: string): MessageKey => CODES[code] ?? 'errUnknown';
