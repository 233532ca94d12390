/** Typing counts as "typing" until the agent has paused this long (then a new call may take the screen). */
export const TYPING_PAUSE_MS = 8000;

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'tel', 'url', 'number', 'password', 'datetime-local', 'date', 'time']);

/** Whether `el` takes typed text, so single-key shortcuts (`/`, `?`) must leave it alone. */
export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUTS.has(((el as HTMLInputElement).type || 'text').toLowerCase());
  return (el as HTMLElement).isContentEditable === true;
}

let lastInputAt = Number.NEGATIVE_INFINITY;
let watching = false;

/** Starts noting when the agent types anywhere on the page (once per page). */
export function watchTyping(doc: Document = document): void {
  if (watching) return;
  watching = true;
  doc.addEventListener('input', () => (lastInputAt = Date.now()), true);
}

/**
 * The agent is typing: the keyboard focus is in a text field and they typed in the last few seconds.
 * A field merely left focused while the agent listens to a caller does not count.
 */
export function isTyping(now = Date.now(), doc: Document = document): boolean {
  const el = doc.activeElement;
  return !!el && el.tagName !== 'SELECT' && isTextField(el) && now - lastInputAt < TYPING_PAUSE_MS;
}
