import type { CallbackRequest } from '@shared/schemas/widget';
import { checkCallback, checkPreChat, type FieldErrors, type PreChatValue } from './checks';
import { h, uid } from './dom';
import type { MessageKey } from './message-key';
import type { Translate } from './widget';

export type FormDone = { ok: true } | { ok: false; message: string };

interface Field {
  input: HTMLInputElement | HTMLTextAreaElement;
  error: HTMLParagraphElement;
  el: HTMLDivElement;
}

/** A labelled input with its error line (tied to it by aria-describedby, so a screen reader reads both). */
function field(label: string, attrs: Record<string, string | boolean>, multiline = false, hint?: string): Field {
  const id = uid('f');
  const errorId = `${id}-err`;
  const hintId = hint ? `${id}-hint` : undefined;
  const input = multiline ? h('textarea', { id, ...attrs }) : h('input', { id, ...attrs });
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const error = h('p', { class: 'error', id: errorId });
  return { input, error, el: h('div', { class: 'field' }, h('label', { for: id }, label), input, hint && h('p', { class: 'hint', id: hintId }, hint), error) };
}

/** Shows each field's error (or clears it) and focuses the first field in error. */
function showErrors<F extends string>(t: Translate, fields: Partial<Record<F, Field>>, errors: FieldErrors<F>) {
  let first: HTMLElement | undefined;
  for (const [name, f] of Object.entries(fields) as Array<[F, Field]>) {
    const e = errors[name] as { key: MessageKey; params?: Record<string, number> } | undefined;
    f.error.textContent = e ? t(e.key, e.params) : '';
    f.input.setAttribute('aria-invalid', e ? 'true' : 'false');
    if (e && !first) first = f.input;
  }
  first?.focus();
}

function submitting(button: HTMLButtonElement, t: Translate, label: string, busy: boolean) {
  button.disabled = busy;
  button.textContent = busy ? t('sending') : label;
}

export function preChatForm(t: Translate, submit: (v: PreChatValue) => Promise<FormDone>): HTMLFormElement {
  const fields = {
    name: field(t('name'), { autocomplete: 'name', maxlength: '100', required: true, 'data-testid': 'cc-name' }),
    email: field(t('email'), { type: 'email', autocomplete: 'email', maxlength: '200', 'data-testid': 'cc-email' }),
    phone: field(t('phone'), { type: 'tel', autocomplete: 'tel', maxlength: '32', 'data-testid': 'cc-phone' }, false, t('contactHint')),
    question: field(t('question'), { maxlength: '2000', required: true, rows: '3', 'data-testid': 'cc-question' }, true),
  };
  const consentId = uid('consent');
  // Unticked: consent to marketing is only ever given, never assumed.
  const consent = h('input', { type: 'checkbox', id: consentId, 'data-testid': 'cc-consent' });
  const formError = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'cc-start' }, t('startChat'));
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'cc-prechat' },
    h('p', { class: 'intro' }, t('prechatIntro')),
    fields.name.el,
    fields.email.el,
    fields.phone.el,
    fields.question.el,
    h('div', { class: 'check' }, consent, h('label', { for: consentId }, t('marketingConsent'))),
    formError,
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError.textContent = '';
    const checked = checkPreChat({ name: fields.name.input.value, email: fields.email.input.value, phone: fields.phone.input.value, question: fields.question.input.value, marketingConsent: consent.checked });
    showErrors(t, fields, checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    submitting(button, t, t('startChat'), true);
    const done = await submit(checked.value);
    submitting(button, t, t('startChat'), false);
    if (!done.ok) formError.textContent = done.message;
  });
  return form;
}

export function callbackForm(t: Translate, heading: string, prefill: Partial<CallbackRequest> | undefined, submit: (v: CallbackRequest) => Promise<FormDone>): HTMLFormElement {
  const fields = {
    name: field(t('name'), { autocomplete: 'name', maxlength: '100', required: true, value: prefill?.name ?? '', 'data-testid': 'cc-cb-name' }),
    phone: field(t('phone'), { type: 'tel', autocomplete: 'tel', maxlength: '32', required: true, value: prefill?.phone ?? '', 'data-testid': 'cc-cb-phone' }),
    message: field(t('yourMessage'), { maxlength: '2000', rows: '3', 'data-testid': 'cc-cb-message' }, true),
  };
  fields.message.input.value = prefill?.message ?? '';
  const formError = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'cc-callback' }, t('requestCallback'));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'cc-offline' }, h('h3', { tabindex: '-1' }, heading), h('p', { class: 'intro' }, t('offlineIntro')), fields.name.el, fields.phone.el, fields.message.el, formError, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formError.textContent = '';
    const checked = checkCallback({ name: fields.name.input.value, phone: fields.phone.input.value, message: fields.message.input.value });
    showErrors(t, fields, checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    submitting(button, t, t('requestCallback'), true);
    const done = await submit(checked.value);
    submitting(button, t, t('requestCallback'), false);
    if (!done.ok) formError.textContent = done.message;
  });
  return form;
}
