type AudioContextCtor = typeof AudioContext;

let ctx: AudioContext | null = null;

function context(): AudioContext | null {
  const g = globalThis as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = g.AudioContext ?? g.webkitAudioContext;
  if (typeof Ctor !== 'function') return null;
  ctx ??= new Ctor();
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  return ctx;
}

/**
 * Browsers only let a page make sound after the user has interacted with it. After a reload (the
 * session survives it) the first pop may come before any click, so the audio is unlocked on the
 * agent's first click or key press.
 */
export function unlockPopCueOnFirstGesture(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): void {
  const unlock = () => {
    try {
      context();
    } catch {
      // No sound is better than a broken console.
    }
    target.removeEventListener('pointerdown', unlock);
    target.removeEventListener('keydown', unlock);
  };
  target.addEventListener('pointerdown', unlock);
  target.addEventListener('keydown', unlock);
}

/**
 * A short two-tone beep so an agent looking elsewhere notices the pop. Sound is a nicety: where Web
 * Audio is missing (tests, locked-down browsers) or blocked until a user gesture, nothing happens.
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
