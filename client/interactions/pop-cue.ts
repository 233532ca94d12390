import { ref } from 'vue';

type AudioContextCtor = typeof AudioContext;

let ctx: AudioContext | null = null;

/**
 * The pop sound cannot play yet: the browser holds audio until the agent clicks or presses a key on
 * the page (after a reload, say). The console shows an "Enable sound" button while this is true.
 */
export const soundBlocked = ref(false);

function context(): AudioContext | null {
  const g = globalThis as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (typeof Ctor !== 'function') return null;
  if (!ctx) {
    const created = new Ctor();
    created.onstatechange = () => (soundBlocked.value = created.state === 'suspended');
    ctx = created;
  }
  soundBlocked.value = ctx.state === 'suspended';
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  return ctx;
}

/** Finds out at once whether the browser will let the pop sound play, instead of at the first pop. */
export function probePopCue(): void {
  try {
    context();
  } catch {
    // No sound is better than a broken console.
  }
}

/** The agent's click on "Enable sound": resuming inside a gesture is what browsers allow. */
export async function enablePopCue(): Promise<boolean> {
  try {
    const audio = context();
    if (!audio) return false;
    await audio.resume();
    soundBlocked.value = audio.state === 'suspended';
    return !soundBlocked.value;
  } catch {
    return false;
  }
}

/**
 * Browsers only let a page make sound after the user has interacted with it. After a reload (the
 * session survives it) the first pop may come before any click, so the audio is unlocked on the
 * agent's first click or key press.
 */
export function unlockPopCueOnFirstGesture(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): void {
  const unlock = () => {
    probePopCue();
    target.removeEventListener('pointerdown', unlock);
    target.removeEventListener('keydown', unlock);
  };
  target.addEventListener('pointerdown', unlock);
  target.addEventListener('keydown', unlock);
}

/**
 * A short two-tone beep so an agent looking elsewhere notices the pop. Sound is a nicety: where Web
 * Audio is missing (tests, locked-down browsers) nothing happens; where it is blocked until a gesture,
 * `soundBlocked` says so and the console offers to enable it.
 */
export function playPopCue(): void {
  try {
    const audio = context();
    if (!audio) return;
    const start = audio.currentTime;
    [880, 1175].forEach((frequency, i) => {
      const t = start + i * 0.16;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.18, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.14);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + 0.15);
    });
  } catch {
    // No sound is better than a broken pop.
  }
}
