/**
 * Card numbers (PANs) typed into notes or chat must never be stored or forwarded. A run of 13–19 digits,
 * optionally grouped with single spaces or dashes, that passes the Luhn check is replaced by stars
 * keeping only its last four digits (`**** **** **** 1234`). Runs that fail Luhn (order numbers, phone
 * numbers) are left alone so agents' notes stay readable.
 */
const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

/** The Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Masks every Luhn-valid 13–19 digit run in `text`, keeping its last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(CANDIDATE, (run) => {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return run;
    return `**** **** **** ${digits.slice(-4)}`;
  });
}
