import type { ConversationState } from '@shared/schemas/widget';
import { lineKey, type Line, type Mark } from './conversation';
import { h, icon, ICONS, uid } from './dom';
import type { MessageKey } from './message-key';
import type { Widget } from './widget';

const MARKS: Record<Mark, MessageKey> = { sending: 'markSending', sent: 'markSent', read: 'markRead', failed: 'markFailed' };
const MARK_SIGNS: Record<Mark, string> = { sending: '…', sent: '✓', read: '✓✓', failed: '!' };

export interface ChatViewState {
  lines: Line[];
  state: ConversationState;
  rated: boolean;
  /** The typing agent's name ('' when unknown), or undefined when nobody types. */
  typing?: string;
  connected: boolean;
}

/**
 * The chat screen: the message list (one element per message, kept across updates, so the live region
 * announces only what is new), "agent is typing", the composer, and after the end the rating and the
 * transcript.
 */
export class ChatView {
  readonly el: HTMLDivElement;
  private readonly log: HTMLOListElement;
  private readonly items = new Map<string, { el: HTMLLIElement; line: Line }>();
  private readonly waiting: HTMLParagraphElement;
  private readonly typingLine: HTMLParagraphElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly composeError: HTMLParagraphElement;
  private readonly end: HTMLDivElement;
  private endKey = '';
  private readonly time: Intl.DateTimeFormat;

  constructor(private readonly w: Widget) {
    const t = w.t;
    this.time = new Intl.DateTimeFormat(w.options.locale, { hour: '2-digit', minute: '2-digit' });
    this.log = h('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages'), 'data-testid': 'cc-log' });
    this.waiting = h('p', { class: 'typing', hidden: true }, t('waiting'));
    this.typingLine = h('p', { class: 'typing', 'data-testid': 'cc-typing' });
    const inputId = uid('msg');
    this.input = h('textarea', { id: inputId, rows: '1', maxlength: '4000', placeholder: t('messagePlaceholder'), 'data-testid': 'cc-input' });
    this.input.addEventListener('input', () => w.typing(this.input.value.trim().length > 0));
    this.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter starts a new line (and an IME's Enter only confirms its text).
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    });
    const file = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf', class: 'sr', tabindex: '-1', 'aria-hidden': 'true', 'data-testid': 'cc-file' });
    file.addEventListener('change', async () => {
      const picked = file.files?.[0];
      file.value = '';
      if (!picked) return;
      this.composeError.textContent = t('uploading', { file: picked.name });
      this.composeError.textContent = (await w.attach(picked)) ?? '';
    });
    this.composeError = h('p', { class: 'error', role: 'status', 'data-testid': 'cc-compose-error' });
    this.composer = h(
      'form',
      { class: 'compose' },
      h('label', { for: inputId, class: 'sr' }, t('messageLabel')),
      h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('attach'), title: t('attach'), 'data-testid': 'cc-attach', onclick: () => file.click() }, icon(ICONS.clip)),
      file,
      this.input,
      h('button', { type: 'submit', class: 'icon-btn send', 'aria-label': t('send'), title: t('send'), 'data-testid': 'cc-send' }, icon(ICONS.send)),
    );
    this.composer.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      w.typing(false);
      w.send(text);
    });
    this.end = h('div', { class: 'end', hidden: true });
    this.el = h('div', { class: 'body' }, this.log, this.waiting, this.typingLine, this.composeError, this.composer, this.end);
    this.el.style.overflow = 'hidden';
  }

  focus() {
    if (!this.composer.hidden) this.input.focus();
    else this.end.querySelector<HTMLElement>('input,button')?.focus();
  }

  update(s: ChatViewState) {
    const t = this.w.t;
    this.drawLines(s.lines);
    this.waiting.hidden = s.state !== 'waiting';
    const typing = s.typing === undefined ? '' : s.typing ? t('agentTyping', { agent: s.typing }) : t('someoneTyping');
    if (this.typingLine.textContent !== typing) this.typingLine.textContent = typing;
    const ended = s.state === 'ended';
    this.composer.hidden = ended;
    if (ended) this.composeError.textContent = '';
    const endKey = ended ? (s.rated ? 'rated' : 'rate') : '';
    if (endKey !== this.endKey) {
      this.endKey = endKey;
      this.end.hidden = !ended;
      this.end.replaceChildren(...(ended ? this.drawEnd(s.rated) : []));
    }
  }

  private drawLines(lines: Line[]) {
    const keys = new Set(lines.map(lineKey));
    for (const [key, item] of this.items) {
      if (keys.has(key)) continue;
      item.el.remove();
      this.items.delete(key);
    }
    let before: Element | null = this.log.firstElementChild;
    let added = false;
    for (const line of lines) {
      const key = lineKey(line);
      let item = this.items.get(key);
      if (!item) {
        item = { el: this.drawLine(line), line };
        this.items.set(key, item);
        this.log.insertBefore(item.el, before);
        added = true;
      } else if (item.line !== line) {
        if (item.line.mark !== line.mark || item.line.at !== line.at) {
          const fresh = this.drawLine(line);
          // Only the meta line and the mark change: replace those, so the live region does not read the text again.
          item.el.querySelector('.meta')!.replaceWith(fresh.querySelector('.meta')!);
          const mark = fresh.querySelector('.mark');
          item.el.querySelector('.mark')?.replaceWith(mark ?? '');
        }
        item.line = line;
        if (item.el !== before) this.log.insertBefore(item.el, before);
      }
      before = item.el.nextElementSibling;
    }
    if (added) this.log.scrollTop = this.log.scrollHeight;
  }

  private drawLine(line: Line): HTMLLIElement {
    const t = this.w.t;
    const who = line.from === 'visitor' ? t('you') : line.from === 'agent' ? (line.agentName ?? t('agent')) : '';
    const at = new Date(line.at);
    const meta = h('span', { class: 'meta' }, who && h('span', { class: 'who' }, who), !Number.isNaN(at.getTime()) && h('time', { datetime: line.at }, this.time.format(at)));
    // dir=auto: each message reads in its own script's direction (English in a Persian panel keeps its "?" at the end).
    const bubble = h('p', { class: 'bubble', dir: 'auto' }, line.text);
    if (line.attachment) bubble.append(this.drawAttachment(line.attachment));
    const mark = line.mark && this.drawMark(line);
    return h('li', { class: `msg ${line.from}`, 'data-testid': 'cc-message', 'data-from': line.from, 'data-mark': line.mark }, meta, bubble, mark);
  }

  private drawMark(line: Line): HTMLElement {
    const t = this.w.t;
    const mark = line.mark!;
    const el = h('span', { class: `mark ${mark}`, 'data-testid': 'cc-mark', 'data-mark': mark }, h('span', { 'aria-hidden': 'true' }, MARK_SIGNS[mark]), ' ', h('span', { class: mark === 'failed' ? '' : 'sr' }, t(MARKS[mark])));
    if (mark === 'failed' && line.clientId) {
      const id = line.clientId;
      el.append(' ', h('button', { type: 'button', onclick: () => this.w.retry(id) }, t('retry')));
    }
    return el;
  }

  private drawAttachment(a: NonNullable<Line['attachment']>): HTMLElement {
    const t = this.w.t;
    if (a.type.startsWith('image/')) {
      const img = h('img', { alt: t('imageAlt', { file: a.name }), 'data-testid': 'cc-image' });
      void this.w.fileUrl(a).then((url) => url && (img.src = url));
      return img;
    }
    return h('button', { type: 'button', class: 'file', 'data-testid': 'cc-file-link', onclick: () => void this.w.download(a) }, `📄 ${t('downloadFile', { file: a.name })}`);
  }

  private drawEnd(rated: boolean): Node[] {
    const t = this.w.t;
    const out: Node[] = [h('p', { role: 'status' }, t('chatEnded'))];
    if (rated) out.push(h('p', { 'data-testid': 'cc-rated' }, t('ratingThanks')));
    else out.push(this.ratingForm());
    out.push(h('button', { type: 'button', class: 'secondary', 'data-testid': 'cc-transcript', onclick: () => void this.w.transcript() }, t('transcript')));
    out.push(h('button', { type: 'button', class: 'secondary', 'data-testid': 'cc-new-chat', onclick: () => this.w.newChat() }, t('newChat')));
    return out;
  }

  /** 1–5 stars as a radio group (arrow keys move between them) and a comment; sent once. */
  private ratingForm(): HTMLFormElement {
    const t = this.w.t;
    const name = uid('stars');
    const labels: HTMLLabelElement[] = [];
    const radios: HTMLInputElement[] = [];
    const paint = () => {
      const score = radios.findIndex((r) => r.checked) + 1;
      labels.forEach((l, i) => l.classList.toggle('on', i < score));
    };
    const stars = h('div', { class: 'stars' });
    for (let n = 1; n <= 5; n++) {
      const id = uid('star');
      const radio = h('input', { type: 'radio', name, value: String(n), id, class: 'sr', 'data-testid': `cc-star-${n}` });
      radio.addEventListener('change', paint);
      const label = h('label', { for: id, title: t('stars', { n }) }, h('span', { 'aria-hidden': 'true' }, '★'), h('span', { class: 'sr' }, t('stars', { n })));
      radios.push(radio);
      labels.push(label);
      stars.append(radio, label);
    }
    const commentId = uid('comment');
    const comment = h('textarea', { id: commentId, rows: '2', maxlength: '1000', 'data-testid': 'cc-rating-comment' });
    const error = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'cc-rate' }, t('sendRating'));
    const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'cc-rating' }, h('fieldset', {}, h('legend', {}, t('rateTitle')), stars), h('div', { class: 'field' }, h('label', { for: commentId }, t('ratingComment')), comment), error, button);
    form.style.padding = '0';
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const score = radios.findIndex((r) => r.checked) + 1;
      if (!score) return void (error.textContent = t('errRatingRequired'));
      button.disabled = true;
      const done = await this.w.rate(score, comment.value.trim());
      button.disabled = false;
      error.textContent = done.ok ? '' : done.message;
    });
    return form;
  }
}
