/** Letters of right-to-left scripts: Hebrew, Arabic (Persian), Syriac, Thaana, N'Ko and their presentation forms. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
/** Any other letter is written left to right. */
const LETTER = /\p{L}/u;

/**
 * The direction of a text by its first letter, as `dir="auto"` decides it, for a line built of isolated
 * parts (`<bdi>`), which `dir="auto"` would skip: a Persian street leads a right-to-left line even when the
 * postcode and city after it are Latin. No letter at all (a number): undefined.
 */
export function firstStrongDirection(...texts: Array<string | null | undefined>): 'rtl' | 'ltr' | undefined {
  for (const text of texts)
    for (const ch of text ?? '') {
      if (RTL.test(ch)) return 'rtl';
      if (LETTER.test(ch)) return 'ltr';
    }
  return undefined;
}
