import { describe, expect, it } from 'vitest';
import { CallbackRequest, PreChat } from '@shared/schemas/widget';
import { checkAttachment, checkCallback, checkPreChat, type PreChatInput } from '../../client/widget/checks';

const ok: PreChatInput = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '', question: 'Where is my order?', marketingConsent: false };

describe('the pre-chat form checks, as the server (PreChat) does', () => {
  const table: Array<[string, Partial<PreChatInput>, Record<string, string>]> = [
    ['a name, an e-mail and a question', {}, {}],
    ['a phone instead of an e-mail', { email: '', phone: '+44 7700 900001' }, {}],
    ['both e-mail and phone', { phone: '07700 900001' }, {}],
    ['marketing consent given', { marketingConsent: true }, {}],
    ['no name', { name: '  ' }, { name: 'errNameRequired' }],
    ['no question', { question: '' }, { question: 'errQuestionRequired' }],
    ['neither e-mail nor phone', { email: '', phone: '' }, { email: 'errContactRequired' }],
    ['a broken e-mail', { email: 'ada@' }, { email: 'errEmailInvalid' }],
    ['an e-mail without a domain dot', { email: 'ada@example' }, { email: 'errEmailInvalid' }],
    ['a phone with letters (its own error, not "give one")', { email: '', phone: 'call me' }, { phone: 'errPhoneInvalid' }],
    ['a phone too short', { phone: '123' }, { phone: 'errPhoneInvalid' }],
    ['a name too long', { name: 'x'.repeat(101) }, { name: 'errTooLong' }],
    ['a question too long', { question: 'x'.repeat(2001) }, { question: 'errTooLong' }],
  ];

  it.each(table)('%s', (_name, change, errors) => {
    const input = { ...ok, ...change };
    const res = checkPreChat(input);
    const got = res.ok ? {} : Object.fromEntries(Object.entries(res.errors).map(([k, v]) => [k, v!.key]));
    expect(got).toEqual(errors);
    // The server's schema agrees on what passes (with the widget's language added, as it sends it).
    const server = PreChat.safeParse({ ...(res.ok ? res.value : { ...input, email: input.email || undefined, phone: input.phone || undefined }), locale: 'en' });
    expect(server.success).toBe(res.ok);
  });

  it('sends trimmed values and leaves out the empty contact field', () => {
    const res = checkPreChat({ ...ok, name: ' Ada ', email: ' ada@example.com ', question: ' Hi ' });
    expect(res).toEqual({ ok: true, value: { name: 'Ada', email: 'ada@example.com', question: 'Hi', marketingConsent: false } });
  });

  it('says the limit a too-long field broke', () => {
    const res = checkPreChat({ ...ok, name: 'x'.repeat(101) });
    expect(res.ok ? undefined : res.errors.name).toEqual({ key: 'errTooLong', params: { max: 100 } });
  });
});

describe('the callback form checks, as the server (CallbackRequest) does', () => {
  it.each([
    ['a name and a phone', { name: 'Ada', phone: '+44 7700 900001', message: '' }, {}],
    ['with a message', { name: 'Ada', phone: '07700900001', message: 'About my order' }, {}],
    ['no phone', { name: 'Ada', phone: '', message: '' }, { phone: 'errPhoneRequired' }],
    ['a bad phone', { name: 'Ada', phone: 'abc', message: '' }, { phone: 'errPhoneInvalid' }],
    ['no name', { name: '', phone: '07700900001', message: '' }, { name: 'errNameRequired' }],
    ['a message too long', { name: 'Ada', phone: '07700900001', message: 'x'.repeat(2001) }, { message: 'errTooLong' }],
  ])('%s', (_name, input, errors) => {
    const res = checkCallback(input);
    expect(res.ok ? {} : Object.fromEntries(Object.entries(res.errors).map(([k, v]) => [k, v!.key]))).toEqual(errors);
    expect(CallbackRequest.safeParse(res.ok ? res.value : input).success).toBe(res.ok);
  });
});

describe('attachments the widget offers to upload', () => {
  it.each([
    [{ type: 'image/png', size: 1000 }, undefined],
    [{ type: 'image/jpeg', size: 5 * 1024 * 1024 }, undefined],
    [{ type: 'application/pdf', size: 10 }, undefined],
    [{ type: 'image/webp', size: 5 * 1024 * 1024 + 1 }, 'fileTooBig'],
    [{ type: 'image/svg+xml', size: 10 }, 'fileWrongType'],
    [{ type: 'text/html', size: 10 }, 'fileWrongType'],
    [{ type: '', size: 10 }, 'fileWrongType'],
  ])('%j → %s', (file, expected) => {
    expect(checkAttachment(file)).toBe(expected);
  });
});
