import type { Locale } from '@shared/i18n/locales';
import type { ChatAttachment } from '@shared/schemas/interaction';
import type { ConversationState, VisitorConversation, VisitorIdentity, VisitorMessage, VisitorSession } from '@shared/schemas/widget';
import { checkAttachment, errorKey, type PreChatValue } from './checks';
import { newClientId } from './client-id';
import { connect, request, saveBlob, tokenStore, widgetHttp, type VisitorSocket } from './connection';
import { addOutgoing, applyAck, applyIncoming, applyRead, applyRefusal, applyRetry, fromHistory, lastAgentSeq, unacked, type Line } from './conversation';
import { fill, isRightToLeft } from './locale';
import messages from './messages';
import type { MessageKey } from './message-key';
import { ChatView } from './chat-view';
import { callbackForm, preChatForm, type FormDone } from './forms';
import { h, icon, ICONS, uid } from './dom';
import { STYLES } from './styles';

export interface WidgetOptions {
  /** The console's origin (where widget.js came from). */
  origin: string;
  site: string;
  locale: Locale;
  identity?: VisitorIdentity;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

type Status = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'unreachable';
type Screen = 'connecting' | 'prechat' | 'offline' | 'callback-done' | 'chat';

/** A connection refused by the console's checks is not retried by Socket.IO: the widget tries again this much later. */
const REFUSED_RETRY_MS = 30_000;
/** A "typing" mark the agent never cleared (their screen closed) goes after this long. */
const TYPING_EXPIRY_MS = 8_000;

/**
 * The widget: a launcher button and a chat panel in a shadow root. Holds the visitor's chat (screens,
 * messages, connection) and redraws the parts that change; the rules of the message list are in
 * conversation.ts.
 */
export class Widget {
  readonly t: Translate;
  private readonly tokens: ReturnType<typeof tokenStore>;
  private readonly http: ReturnType<typeof widgetHttp>;
  private socket?: VisitorSocket;

  private status: Status = 'idle';
  private session?: Pick<VisitorSession, 'site' | 'availability' | 'callbacks'>;
  private state: ConversationState = 'none';
  private agentName?: string;
  private readUpTo = 0;
  private rated = false;
  lines: Line[] = [];
  private agentTyping?: { agentName?: string; until: number };
  /** The visitor chose a new chat after one ended: show its form despite the ended conversation. */
  private startingOver = false;
  private callbackPhone?: string;
  /** The error that brought the visitor to the callback form (nobody available, closed). */
  private offlineReason?: MessageKey;
  private inFlight = new Set<string>();
  /** Counts sessions: an ack or timeout of an emit made before the latest reconnect is stale. */
  private generation = 0;
  private readSent = 0;
  private unread = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;

  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly launcherIcons: [SVGSVGElement, SVGSVGElement];
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLDivElement;
  private readonly subtitle: HTMLSpanElement;
  private readonly endButton: HTMLButtonElement;
  private readonly statusLine: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private screen?: Screen;
  private chatView?: ChatView;

  constructor(
    host: HTMLElement,
    readonly options: WidgetOptions,
  ) {
    const words = messages[options.locale];
    this.t = (key, params) => fill(words[key], params);
    this.tokens = tokenStore(options.site);
    this.http = widgetHttp(options.origin, () => this.tokens.get());

    const shadow = host.attachShadow({ mode: 'open' });
    const titleId = uid('title');
    const panelId = uid('panel');
    this.badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    this.launcherIcons = [icon(ICONS.chat), icon(ICONS.close)];
    this.launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': panelId, 'aria-label': this.t('launcherOpen'), 'data-testid': 'cc-launcher', onclick: () => this.toggle() }, this.launcherIcons[0], this.badge);
    this.subtitle = h('span', { class: 'sub' });
    this.endButton = h('button', { type: 'button', class: 'text-btn', hidden: true, 'data-testid': 'cc-end', onclick: () => void this.endChat() }, this.t('endChat'));
    this.statusLine = h('p', { class: 'status', role: 'status' });
    this.body = h('div', { class: 'body' });
    this.panel = h(
      'div',
      { class: 'panel', id: panelId, role: 'dialog', 'aria-labelledby': titleId, hidden: true, 'data-testid': 'cc-panel' },
      h('div', { class: 'head' }, h('h2', { id: titleId }, this.t('title'), this.subtitle), this.endButton, h('button', { type: 'button', class: 'icon-btn', 'aria-label': this.t('close'), 'data-testid': 'cc-close', onclick: () => this.close() }, icon(ICONS.close))),
      this.statusLine,
      this.body,
    );
    this.root = h('div', { class: 'root', dir: isRightToLeft(options.locale) ? 'rtl' : 'ltr', lang: options.locale }, this.panel, this.launcher);
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) {
        e.stopPropagation();
        this.close();
      }
    });
    shadow.append(h('style', {}, STYLES), this.root);
    document.addEventListener('visibilitychange', () => this.markRead());

    // A visitor with a chat under way reconnects at once (agent replies, unread badge); others when they open the panel.
    if (this.tokens.get()) this.start();
    this.render();
  }

  // ---- panel ----

  get isOpen() {
    return !this.panel.hidden;
  }

  toggle() {
    if (this.isOpen) this.close();
    else this.open();
  }

  open() {
    this.start();
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.t('launcherClose'));
    this.launcherIcons[0].replaceWith(this.launcherIcons[1]);
    this.unread = 0;
    this.render();
    this.focusScreen();
    this.markRead();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.t('launcherOpen'));
    this.launcherIcons[1].replaceWith(this.launcherIcons[0]);
    this.launcher.focus();
  }

  private focusScreen() {
    if (!this.isOpen) return;
    if (this.screen === 'chat' && this.chatView) return this.chatView.focus();
    const target = this.body.querySelector<HTMLElement>('input:not([type=hidden]),textarea,button,[tabindex="-1"]');
    target?.focus();
  }

  // ---- connection ----

  private start() {
    if (this.socket) return;
    this.status = 'connecting';
    const socket = connect(this.options.origin, this.options.site, () => this.tokens.get());
    this.socket = socket;
    socket.on('connect', () => {
      clearTimeout(this.retryTimer);
      // Online once the session has come (it is the server's first event).
    });
    socket.on('disconnect', (reason) => {
      this.status = reason === 'io client disconnect' ? 'idle' : 'reconnecting';
      this.inFlight.clear();
      this.render();
    });
    socket.on('connect_error', () => {
      if (socket.active) {
        this.status = this.status === 'online' || this.status === 'reconnecting' ? 'reconnecting' : 'connecting';
      } else {
        // Refused (origin not allowed, unknown site): Socket.IO gives up; so does the widget, for a while.
        this.status = 'unreachable';
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      }
      this.render();
    });
    socket.on('visitor:session', (s) => this.onSession(s));
    socket.on('visitor:availability', ({ availability, callbacks }) => {
      if (this.session) this.session = { ...this.session, availability, callbacks };
      this.render();
    });
    socket.on('chat:message', (m) => {
      const before = this.lines.length;
      this.lines = applyIncoming(this.lines, m, this.readUpTo);
      if (m.from === 'agent') {
        this.agentTyping = undefined;
        if (m.agentName) this.agentName = m.agentName;
        if (!this.isOpen && this.lines.length > before) this.unread++;
      }
      this.render();
      this.markRead();
    });
    socket.on('chat:state', ({ state, agentName }) => {
      this.applyState(state, agentName);
      this.render();
    });
    socket.on('chat:typing', ({ typing, agentName }) => {
      this.agentTyping = typing ? { agentName: agentName ?? this.agentName, until: Date.now() + TYPING_EXPIRY_MS } : undefined;
      if (typing) setTimeout(() => this.render(), TYPING_EXPIRY_MS + 50);
      this.render();
    });
    socket.on('chat:read', ({ upTo }) => {
      this.readUpTo = Math.max(this.readUpTo, upTo);
      this.lines = applyRead(this.lines, this.readUpTo);
      this.render();
    });
  }

  private onSession(s: VisitorSession) {
    this.tokens.set(s.token);
    this.status = 'online';
    this.session = { site: s.site, availability: s.availability, callbacks: s.callbacks };
    this.readUpTo = s.conversation.readUpTo;
    this.rated = s.conversation.rated;
    this.applyConversation(s.conversation, this.lines);
    this.inFlight.clear();
    this.generation++;
    this.render();
    // Whatever was written but never acknowledged goes again, with the same clientId: the server stores it once.
    for (const line of unacked(this.lines)) void this.deliver(line);
    this.markRead();
    for (const resolve of this.onlineWaiters.splice(0)) resolve();
  }

  private applyState(state: ConversationState, agentName?: string) {
    this.state = state;
    if (agentName) this.agentName = agentName;
    if (state !== 'active') this.agentTyping = undefined;
  }

  private applyConversation(c: VisitorConversation, keep: Line[] = []) {
    this.applyState(c.state, c.agentName);
    this.readUpTo = c.readUpTo;
    this.rated = c.rated;
    this.lines = fromHistory(c.messages, c.readUpTo, keep);
  }

  // ---- actions ----

  /** Resolves once a session is up (at once when it is), or after `ms` without one. */
  private whenOnline(ms = 10_000): Promise<void> {
    if (!this.socket) this.start();
    if (this.status === 'online') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.onlineWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }
  private onlineWaiters: Array<() => void> = [];

  async startChat(form: PreChatValue): Promise<FormDone> {
    // A visitor quicker than the connection: their form waits for it rather than failing.
    await this.whenOnline();
    const res = await request<VisitorConversation>(this.socket!, (ack) => this.socket!.emit('chat:start', { ...form, locale: this.options.locale, ...(this.options.identity ? { identity: this.options.identity } : {}) }, ack));
    if ('error' in res) {
      if (res.error.code === 'NO_AGENT_AVAILABLE' || res.error.code === 'QUEUE_CLOSED') {
        this.offlineReason = errorKey(res.error.code);
        this.prefill = { name: form.name, phone: form.phone ?? '', message: form.question };
        this.startingOver = false;
        this.forceOffline = true;
        this.render();
        this.focusScreen();
        return { ok: true };
      }
      return { ok: false, message: this.t(errorKey(res.error.code)) };
    }
    this.startingOver = false;
    this.applyConversation(res.data);
    this.render();
    this.focusScreen();
    return { ok: true };
  }

  prefill?: { name: string; phone: string; message: string };
  private forceOffline = false;

  async requestCallback(req: { name: string; phone: string; message: string }): Promise<FormDone> {
    await this.whenOnline();
    const res = await request<{ id: string }>(this.socket!, (ack) => this.socket!.emit('callback:request', req, ack));
    if ('error' in res) return { ok: false, message: this.t(errorKey(res.error.code)) };
    this.callbackPhone = req.phone;
    this.render();
    this.focusScreen();
    return { ok: true };
  }

  send(text: string, attachment?: ChatAttachment) {
    const clientId = newClientId();
    this.lines = addOutgoing(this.lines, { clientId, text, at: new Date().toISOString(), attachment });
    this.render();
    void this.deliver(this.lines[this.lines.length - 1]!);
  }

  retry(clientId: string) {
    this.lines = applyRetry(this.lines, clientId);
    this.render();
    const line = this.lines.find((l) => l.clientId === clientId);
    if (line) void this.deliver(line);
  }

  private async deliver(line: Line) {
    const clientId = line.clientId!;
    if (!this.socket || this.inFlight.has(clientId)) return;
    this.inFlight.add(clientId);
    const generation = this.generation;
    const res = await request<VisitorMessage>(this.socket!, (ack) => this.socket!.emit('chat:send', { clientId, text: line.text, ...(line.attachment ? { attachmentId: line.attachment.id } : {}) }, ack));
    // An answer from before a reconnect: the resend on the new connection speaks for this message now.
    if (generation !== this.generation && !('data' in res)) return;
    if (generation === this.generation) this.inFlight.delete(clientId);
    if ('data' in res) this.lines = applyAck(this.lines, clientId, res.data, this.readUpTo);
    // Not answered (offline, no ack in time): it stays "sending" and goes again on the next connection.
    else if (res.error.code !== 'OFFLINE' && res.error.code !== 'TIMEOUT') this.lines = applyRefusal(this.lines, clientId, res.error.code);
    this.render();
  }

  async attach(file: File): Promise<string | undefined> {
    const wrong = checkAttachment(file);
    if (wrong) return this.t(wrong);
    const res = await this.http.upload(file);
    if ('error' in res) return this.t(errorKey(res.error.code));
    this.send('', res.data);
    return undefined;
  }

  private files = new Map<string, Promise<string | undefined>>();
  /** An attachment as a blob: URL (fetched once, with the visitor's token). */
  fileUrl(a: ChatAttachment): Promise<string | undefined> {
    let url = this.files.get(a.id);
    if (!url) {
      url = this.http.blob(`/api/widget/attachments/${encodeURIComponent(a.id)}`).then((r) => ('data' in r ? URL.createObjectURL(r.data) : undefined));
      this.files.set(a.id, url);
    }
    return url;
  }

  async download(a: ChatAttachment) {
    const res = await this.http.blob(`/api/widget/attachments/${encodeURIComponent(a.id)}`);
    if ('data' in res) saveBlob(res.data, a.name);
    else this.flash(errorKey(res.error.code));
  }

  async transcript() {
    const res = await this.http.blob('/api/widget/transcript');
    if ('data' in res) saveBlob(res.data, 'chat-transcript.txt');
    else this.flash(errorKey(res.error.code));
  }

  async endChat() {
    if (!this.socket) return;
    const res = await request<VisitorConversation>(this.socket!, (ack) => this.socket!.emit('chat:end', ack));
    if ('error' in res) return this.flash(errorKey(res.error.code));
    this.applyConversation(res.data, this.lines);
    this.render();
    this.focusScreen();
  }

  async rate(score: number, comment: string): Promise<FormDone> {
    if (!this.socket) return { ok: false, message: this.t('errOffline') };
    const res = await request<{ rated: true }>(this.socket!, (ack) => this.socket!.emit('chat:rate', { score, comment }, ack));
    if ('error' in res && res.error.code !== 'CONFLICT') return { ok: false, message: this.t(errorKey(res.error.code)) };
    this.rated = true;
    this.render();
    return { ok: true };
  }

  newChat() {
    this.startingOver = true;
    this.callbackPhone = undefined;
    this.forceOffline = false;
    this.offlineReason = undefined;
    this.render();
    this.focusScreen();
  }

  private typingSent = false;
  private typingTimer?: ReturnType<typeof setTimeout>;
  /** The visitor types: the agent sees it; stopping for 3 s (or sending) clears it. */
  typing(active: boolean) {
    if (!this.socket?.connected) return;
    clearTimeout(this.typingTimer);
    if (active) this.typingTimer = setTimeout(() => this.typing(false), 3000);
    if (active === this.typingSent) return;
    this.typingSent = active;
    this.socket.emit('chat:typing', { typing: active });
  }

  /** Tells the agent the visitor has seen their messages: only when the panel is open and the page visible. */
  private markRead() {
    if (!this.isOpen || document.visibilityState !== 'visible' || this.screen !== 'chat' || !this.socket?.connected) return;
    const upTo = lastAgentSeq(this.lines);
    if (upTo <= this.readSent) return;
    this.readSent = upTo;
    this.socket.emit('chat:read', { upTo });
  }

  private flashTimer?: ReturnType<typeof setTimeout>;
  private flashed?: MessageKey;
  private flash(key: MessageKey) {
    this.flashed = key;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      this.flashed = undefined;
      this.render();
    }, 6000);
    this.render();
  }

  // ---- drawing ----

  private currentScreen(): Screen {
    if (this.callbackPhone) return 'callback-done';
    if (this.state !== 'none' && !this.startingOver) return 'chat';
    if (this.forceOffline || (this.session && this.session.availability !== 'open')) return 'offline';
    // A returning visitor waits for their session (it may hold a chat); a new one may fill the form meanwhile.
    if (!this.session && this.tokens.get()) return 'connecting';
    return 'prechat';
  }

  render() {
    const screen = this.currentScreen();
    const statusKey: MessageKey | undefined =
      this.flashed ?? (this.status === 'reconnecting' ? 'reconnecting' : this.status === 'unreachable' ? 'unreachable' : this.status === 'connecting' && screen !== 'connecting' && this.isOpen ? 'connecting' : undefined);
    const statusText = statusKey ? this.t(statusKey) : '';
    if (this.statusLine.textContent !== statusText) this.statusLine.textContent = statusText;
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = String(this.unread);
    this.endButton.hidden = screen !== 'chat' || this.state === 'ended';
    this.subtitle.textContent = screen === 'chat' && this.agentName && this.state === 'active' ? this.agentName : (this.session?.site.name ?? '');

    if (screen !== this.screen) {
      this.screen = screen;
      this.chatView = undefined;
      this.body.replaceChildren(this.drawScreen(screen));
    }
    this.chatView?.update({ lines: this.lines, state: this.state, rated: this.rated, typing: this.agentTyping && this.agentTyping.until > Date.now() ? (this.agentTyping.agentName ?? '') : undefined, connected: this.status === 'online' });
  }

  private drawScreen(screen: Screen): Node {
    switch (screen) {
      case 'connecting':
        return h('p', { class: 'done', tabindex: '-1' }, this.t('connecting'));
      case 'prechat':
        return preChatForm(this.t, (v) => this.startChat(v));
      case 'offline':
        // Closed, and the queue takes no callback requests outside its hours: only that, no form.
        if (this.session && !this.session.callbacks)
          return h('div', { class: 'form', 'data-testid': 'cc-closed' }, h('h3', { tabindex: '-1' }, this.t('offlineClosed')), h('p', { class: 'intro' }, this.t('closedComeBack')));
        return callbackForm(this.t, this.offlineReason ? this.t(this.offlineReason) : this.t(this.session?.availability === 'closed' ? 'offlineClosed' : 'offlineBusy'), this.prefill, (v) => this.requestCallback(v));
      case 'callback-done':
        return h('p', { class: 'done', role: 'status', tabindex: '-1', 'data-testid': 'cc-callback-done' }, this.t('callbackDone', { phone: this.callbackPhone ?? '' }));
      case 'chat':
        this.chatView = new ChatView(this);
        return this.chatView.el;
    }
  }
}
