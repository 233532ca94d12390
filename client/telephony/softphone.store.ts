import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent, UA } from 'jssip/lib/UA';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { errorMessage } from '@/api/http';
import { useAuthStore } from '@/auth/auth.store';
import { softphoneApi } from './softphone.api';

/** offline: no phone (not started, switch away, refused); ringing: a call offered to this browser; calling: one it placed, not answered yet. */
export type PhoneState = 'offline' | 'registering' | 'ready' | 'ringing' | 'calling' | 'in-call' | 'on-hold';

/** A call this phone placed (click-to-call), as the dialer shows it; `reason` says why it did not connect. */
export interface OutgoingCall {
  number: string;
  phase: 'calling' | 'ringing' | 'answered' | 'ended' | 'failed';
  /** The final SIP code of a call that did not connect (486 busy, 403 refused by the console...). */
  code?: number;
  reason?: 'busy' | 'noAnswer' | 'refused' | 'broken';
  detail?: string;
}

/** Why the phone cannot work, as a message key of `telephony.problems.*` (plus a detail to show). */
export type PhoneProblem = 'microphoneDenied' | 'noMicrophone' | 'microphoneBusy' | 'registrationFailed' | 'switchUnreachable' | 'credentials' | 'callFailed';

/**
 * The agent's browser softphone (docs/telephony.md): a JsSIP user agent registered with the switch with
 * the short-lived credentials the console issues. The switch, not this phone, tells the console that a
 * call was answered or ended; this store only drives the browser's side of the call. The user agent
 * and the call live outside the state (they are not data, and a logout's reset must not copy them).
 */
export const useSoftphoneStore = defineStore('softphone', () => {
  /** null until asked; false when the console does not carry calls itself (no phone on screen). */
  const enabled = ref<boolean | null>(null);
  const state = ref<PhoneState>('offline');
  const muted = ref(false);
  const problem = ref<PhoneProblem | null>(null);
  const problemDetail = ref('');
  /** Who is calling (the From's user part: a number, usually). */
  const caller = ref('');
  /** performance.now() when the INVITE reached this browser: the pop's latency is measured from here. */
  const ringingSince = ref<number | null>(null);
  /** The keypad's tones sent in this call (the latest 32), shown so the agent sees what was pressed. */
  const digits = ref('');
  /** Whether the console has a trunk for click-to-call (SIP_TRUNK_URI): the dialer's Call button needs it. */
  const canDial = ref(false);
  /** The call this phone placed last, until the next one. */
  const outgoing = ref<OutgoingCall | null>(null);
  /** The SIP domain numbers are dialled in (the agent's own address's). */
  let domain = '';

  let ua: UA | null = null;
  let session: RTCSession | null = null;
  let audio: HTMLAudioElement | null = null;
  /** Bumped by reset: a start still fetching credentials when the user logs out must not go on. */
  let generation = 0;

  const ready = computed(() => state.value !== 'offline' && state.value !== 'registering');

  function fail(p: PhoneProblem, detail = '') {
    problem.value = p;
    problemDetail.value = detail;
  }

  /** What a failed call or refused microphone means for the agent. */
  function mediaProblem(cause: string | undefined, err?: unknown): PhoneProblem | null {
    const name = (err as { name?: string } | undefined)?.name;
    if (name === 'NotAllowedError' || name === 'SecurityError' || cause === JsSIP.C.causes.USER_DENIED_MEDIA_ACCESS) return 'microphoneDenied';
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noMicrophone';
    if (name === 'NotReadableError' || name === 'AbortError') return 'microphoneBusy';
    return null;
  }

  function forgetCall() {
    session = null;
    digits.value = '';
    caller.value = '';
    muted.value = false;
    ringingSince.value = null;
    if (audio) audio.srcObject = null;
    if (ua?.isRegistered()) state.value = 'ready';
    else if (state.value !== 'offline' && state.value !== 'registering') state.value = 'offline';
  }

  function playRemote(s: RTCSession) {
    const attach = (stream: MediaStream) => {
      audio ??= new Audio();
      audio.autoplay = true;
      audio.srcObject = stream;
      void audio.play().catch(() => undefined);
    };
    const pc = s.connection as unknown as RTCPeerConnection | undefined;
    pc?.addEventListener('track', (e) => e.streams[0] && attach(e.streams[0]));
  }

  function takeSession(s: RTCSession, from: string) {
    // One call at a time: a second one while busy is refused (the switch gives it to the next agent).
    if (session) {
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    session = s;
    wantHeld = false;
    reoffering = false;
    caller.value = from;
    ringingSince.value = performance.now();
    state.value = 'ringing';
    s.on('peerconnection', () => playRemote(s));
    s.on('confirmed', () => (state.value = 'in-call'));
    s.on('hold', () => (state.value = 'on-hold'));
    s.on('unhold', () => (state.value = 'in-call'));
    s.on('ended', () => forgetCall());
    s.on('failed', (e) => {
      // The caller hanging up, or the agent's own reject, is no problem; a call that broke is told.
      const p = mediaProblem(e.cause);
      if (p) fail(p);
      else if (e.originator !== 'remote' && e.cause !== JsSIP.C.causes.REJECTED && e.cause !== JsSIP.C.causes.CANCELED && e.cause !== JsSIP.C.causes.BUSY) fail('callFailed', String(e.cause ?? ''));
      forgetCall();
    });
  }

  /** Fetches credentials and registers; a console without SIP leaves the phone off the screen. */
  async function start(): Promise<void> {
    // The console's screen can render once more while a logout takes it away: no phone for nobody.
    if (ua || !useAuthStore().isLoggedIn) return;
    const mine = ++generation;
    problem.value = null;
    let credentials;
    try {
      credentials = await softphoneApi.credentials();
    } catch (err) {
      if (mine !== generation) return;
      enabled.value = true;
      fail('credentials', errorMessage(err));
      return;
    }
    if (mine !== generation || ua) return;
    enabled.value = credentials !== null;
    if (!credentials) return;
    canDial.value = credentials.outbound === true;
    domain = credentials.uri.replace(/^sips?:[^@]*@/, '');
    state.value = 'registering';
    const socket = new JsSIP.WebSocketInterface(credentials.wsUrl);
    const agent = new JsSIP.UA({
      sockets: [socket],
      uri: credentials.uri,
      authorization_user: credentials.username,
      password: credentials.password,
      register: true,
      session_timers: false,
      user_agent: 'agent-console',
      // A switch back after a restart has its agents' phones back within seconds (JsSIP waits up to 30 s).
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 8,
    });
    ua = agent;
    agent.on('registered', () => {
      problem.value = null;
      if (!session) state.value = 'ready';
    });
    agent.on('unregistered', () => {
      if (!session) state.value = 'offline';
    });
    agent.on('registrationFailed', (e) => {
      state.value = 'offline';
      fail('registrationFailed', String(e.cause ?? ''));
    });
    agent.on('disconnected', () => {
      if (ua !== agent) return;
      if (!session) state.value = 'offline';
      fail('switchUnreachable');
    });
    agent.on('connected', () => {
      if (problem.value === 'switchUnreachable') problem.value = null;
    });
    agent.on('newRTCSession', (e: RTCSessionEvent) => {
      if (e.originator === 'remote') takeSession(e.session, e.request.from.uri.user ?? '');
    });
    agent.start();
  }

  /** Answers the ringing call with the microphone; a refused or missing microphone is explained. */
  async function answer(): Promise<void> {
    if (!session || state.value !== 'ringing') return;
    problem.value = null;
    // Asked first, so a refusal is told plainly (JsSIP would only fail the call).
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (err) {
      fail(mediaProblem(undefined, err) ?? 'noMicrophone', (err as Error).message);
      return;
    }
    session.answer({ mediaStream: stream, mediaConstraints: { audio: true, video: false } });
  }

  /**
   * Calls `number` through the switch (click-to-call): the switch asks for this phone's credentials and
   * the console checks it is the contact the dialer holds; the progress is in `outgoing`. False when the
   * phone cannot call now (not registered, already on a call, no trunk).
   */
  function dial(number: string): boolean {
    if (!ua || session || state.value !== 'ready' || !canDial.value) return false;
    problem.value = null;
    const call: OutgoingCall = { number, phase: 'calling' };
    outgoing.value = call;
    const set = (patch: Partial<OutgoingCall>) => {
      if (outgoing.value?.number === number) outgoing.value = { ...outgoing.value, ...patch };
    };
    const s = ua.call(`sip:${number}@${domain}`, { mediaConstraints: { audio: true, video: false } });
    session = s;
    caller.value = number;
    state.value = 'calling';
    s.on('peerconnection', () => playRemote(s));
    // A session made by ua.call has its connection at once: no peerconnection event comes for it.
    if (s.connection) playRemote(s);
    s.on('progress', () => set({ phase: 'ringing' }));
    s.on('accepted', () => set({ phase: 'answered' }));
    s.on('confirmed', () => (state.value = 'in-call'));
    s.on('hold', () => (state.value = 'on-hold'));
    s.on('unhold', () => (state.value = 'in-call'));
    s.on('ended', () => {
      set({ phase: 'ended' });
      forgetCall();
    });
    s.on('failed', (e) => {
      const code = (e.message as { status_code?: number } | undefined)?.status_code;
      const p = mediaProblem(e.cause);
      if (p) fail(p);
      const reason: OutgoingCall['reason'] =
        code === 486 || code === 600 || e.cause === JsSIP.C.causes.BUSY ? 'busy'
        : code === 408 || code === 480 || code === 487 || e.cause === JsSIP.C.causes.NO_ANSWER ? 'noAnswer'
        : code === 403 ? 'refused'
        : 'broken';
      const phrase = (e.message as { reason_phrase?: string } | undefined)?.reason_phrase;
      set({ phase: 'failed', reason, ...(code ? { code } : {}), detail: phrase ?? String(e.cause ?? '') });
      forgetCall();
    });
    return true;
  }

  /** Rejects a ringing call or ends the one in progress. */
  function hangUp(): void {
    if (!session) return;
    session.terminate(state.value === 'ringing' ? { status_code: 486, reason_phrase: 'Busy Here' } : undefined);
  }

  function toggleMute(): void {
    if (!session || (state.value !== 'in-call' && state.value !== 'on-hold')) return;
    if (muted.value) session.unmute({ audio: true });
    else session.mute({ audio: true });
    muted.value = !muted.value;
  }

  /**
   * What the agent last asked for. JsSIP refuses a hold or resume while the previous re-INVITE is still
   * unanswered (the button already shows the new state), so a quick Resume after Hold would be lost:
   * the wish is kept and applied when the re-INVITE in flight is answered.
   */
  let wantHeld = false;
  let reoffering = false;
  function applyHold(): void {
    const s = session;
    if (!s || reoffering || wantHeld === s.isOnHold().local) return;
    const done = () => {
      reoffering = false;
      if (session === s) applyHold();
    };
    reoffering = wantHeld ? s.hold({}, done) : s.unhold({}, done);
  }

  function toggleHold(): void {
    if (!session || (state.value !== 'in-call' && state.value !== 'on-hold')) return;
    wantHeld = !wantHeld;
    state.value = wantHeld ? 'on-hold' : 'in-call';
    applyHold();
  }

  /**
   * Sends a keypad tone to the other side (an IVR's menu, a conference PIN) as RFC 4733 events in the
   * media, the way carriers and PBXs expect them (JsSIP's default, SIP INFO, few carriers take). Not on
   * hold: the caller's side is not listening then.
   */
  function sendDigit(tone: string): void {
    if (!session || state.value !== 'in-call' || !/^[0-9*#]$/.test(tone)) return;
    session.sendDTMF(tone, { transportType: JsSIP.C.DTMF_TRANSPORT.RFC2833, duration: 120, interToneGap: 80 });
    digits.value = (digits.value + tone).slice(-32);
  }

  /** Logging out: the phone unregisters and stops, a call in progress ends. */
  function reset(): void {
    generation++;
    const agent = ua;
    ua = null;
    session?.terminate();
    session = null;
    agent?.stop();
    if (audio) audio.srcObject = null;
    outgoing.value = null;
    canDial.value = false;
  }

  return { enabled, state, muted, problem, problemDetail, caller, ringingSince, digits, ready, canDial, outgoing, start, answer, dial, hangUp, toggleMute, toggleHold, sendDigit, reset };
});
