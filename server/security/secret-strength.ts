/**
 * Whether a production secret is strong enough: long, not a published default, not of obviously low
 * entropy (a repeated character or pattern). Pure: no I/O.
 */
export const MIN_SECRET_LENGTH = 32;
/** Estimated bits (Shannon entropy of its characters × its length): a random 32-character hex string has about 120. */
const MIN_ESTIMATED_BITS = 100;
const MIN_DISTINCT_CHARS = 8;

export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * value.length;
}

/** True for a string that repeats a shorter one ("abcabcabc…") or mostly counts up or down ("abcdef…", "9876…"). */
export function isPatterned(value: string): boolean {
  for (let period = 1; period <= value.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < value.length && repeats; i++) repeats = value[i] === value[i - period];
    if (repeats) return true;
  }
  let steps = 0;
  for (let i = 1; i < value.length; i++) if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) === 1) steps++;
  return steps > value.length / 2;
}

/** Why `value` may not be used as a production secret, or undefined when it may. */
export function secretProblem(value: string, publishedDefaults: string[]): string | undefined {
  if (publishedDefaults.includes(value)) return 'is the published development default';
  if (value.length < MIN_SECRET_LENGTH) return `is ${value.length} characters long; at least ${MIN_SECRET_LENGTH} are needed`;
  if (new Set(value).size < MIN_DISTINCT_CHARS || estimatedBits(value) < MIN_ESTIMATED_BITS || isPatterned(value))
    return 'is too predictable (few distinct characters or a repeated pattern)';
  return undefined;
}
