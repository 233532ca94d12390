import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorMessage } from '@/api/http';
import { applyLocale } from '@/i18n';

/** Server refusals arrive as a code with parameters; the console words them in the user's language. */
describe('errorMessage', () => {
  const owed = (count: number) => new ApiError('DISPOSITION_OWED', 'Record the disposition of your last call first.', 409, undefined, { count });

  it('keeps English for English users, plural by the count', () => {
    expect(errorMessage(owed(1))).toBe('Record the disposition of your last call first.');
    expect(errorMessage(owed(3))).toBe('Record the dispositions of your last 3 calls first.');
    expect(errorMessage(new ApiError('NOT_FOUND', 'customer not found', 404, undefined, { what: 'customer' }))).toBe('Customer not found.');
  });

  it('words a refusal in Persian, with Persian digits', () => {
    applyLocale('fa');
    expect(errorMessage(owed(1))).toBe('ابتدا نتیجهٔ تماس قبلی خود را ثبت کنید.');
    expect(errorMessage(owed(3))).toBe('ابتدا نتیجهٔ ۳ تماس قبلی خود را ثبت کنید.');
    expect(errorMessage(new ApiError('NOT_FOUND', 'customer not found', 404, undefined, { what: 'customer' }))).toBe('مشتری پیدا نشد.');
    expect(errorMessage(new ApiError('PASSWORD_TOO_SHORT', 'a password needs at least 12 characters', 400, undefined, { min: 12 }))).toBe('گذرواژه باید دست‌کم ۱۲ نویسه داشته باشد.');
    const validation = new ApiError('VALIDATION', 'invalid login: password: required', 400, undefined, {
      what: 'login',
      issues: [
        { field: 'password', issue: 'required' },
        { field: 'username', issue: 'too_small', limit: 1 },
      ],
    });
    // Field names are isolated (FSI…PDI) inside the right-to-left sentence.
    expect(errorMessage(validation)).toBe('لطفاً این موارد را بررسی کنید: \u2068password\u2069 (الزامی است)، \u2068username\u2069 (دست‌کم ۱).');
    expect(errorMessage(new ApiError('NETWORK', 'Cannot reach the server. Check your connection.', 0))).toBe('اتصال به سرور برقرار نیست. اتصال خود را بررسی کنید.');
  });

  it('words a refusal in Romanian, with its three plural forms', () => {
    applyLocale('ro');
    expect(errorMessage(owed(1))).toBe('Înregistrați mai întâi rezultatul ultimului apel.');
    expect(errorMessage(owed(3))).toBe('Înregistrați mai întâi rezultatele ultimelor 3 apeluri.');
    expect(errorMessage(owed(25))).toBe('Înregistrați mai întâi rezultatele ultimelor 25 de apeluri.');
    expect(errorMessage(new ApiError('USERNAME_TAKEN', 'a user named ana exists already', 409, undefined, { username: 'ana' }))).toBe('Există deja un utilizator numit ana.');
    expect(errorMessage(new ApiError('HTTP_502', 'The console server is not answering (502).', 502, undefined, { status: 502 }))).toBe(
      'Serverul consolei nu răspunde (502). Încercați din nou peste câteva momente.',
    );
  });

  it('falls back to the server’s English message for a code the catalogue lacks; socket acks too', () => {
    applyLocale('ro');
    expect(errorMessage(new ApiError('SOMETHING_NEW', 'a brand-new refusal', 400))).toBe('a brand-new refusal');
    expect(describeError({ code: 'NOT_CONNECTED', message: 'agent is not connected' })).toBe('Consola dumneavoastră nu este conectată. Așteptați puțin sau reîncărcați pagina.');
  });
});
