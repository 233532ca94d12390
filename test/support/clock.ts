/**
 * A console clock that runs with real time but from the next midday (UTC, London in winter), for tests
 * whose figures are bound to "today" or to hours of a day: a run that crossed or began near midnight
 * found its calls on another day than the one it asked for (CI failed on it once).
 */
export function middayClock(): () => Date {
  const real = Date.now();
  const midday = new Date(real);
  midday.setUTCHours(12, 0, 0, 0);
  if (midday.getTime() < real) midday.setUTCDate(midday.getUTCDate() + 1);
  const shift = midday.getTime() - real;
  return () => new Date(Date.now() + shift);
}

/**
 * A time zone in which it is now between 12:00 and 13:00 (`Etc/GMT-N` is N hours ahead of UTC): a
 * contact centre there is hours from its midnight, so figures of "today" hold for the whole run.
 */
export function middayZone(now = new Date()): string {
  const ahead = ((12 - now.getUTCHours() + 36) % 24) - 12;
  return ahead === 0 ? 'Etc/UTC' : `Etc/GMT${ahead > 0 ? '-' : '+'}${Math.abs(ahead)}`;
}
