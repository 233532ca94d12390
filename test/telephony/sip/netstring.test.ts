import { describe, expect, it } from 'vitest';
import { createNetstringReader, encodeNetstring, NetstringError } from '../../../server/telephony/sip/netstring.js';

const frames = (...chunks: string[]) => {
  const reader = createNetstringReader();
  return chunks.flatMap((c) => reader.push(Buffer.from(c, 'utf8')));
};

describe('netstrings on the evapi link', () => {
  it.each([
    ['one whole message', ['5:hello,'], ['hello']],
    ['two messages in one read', ['2:ab,3:cde,'], ['ab', 'cde']],
    ['a message split inside its length', ['1', '2:hello world!,'], ['hello world!']],
    ['a message split inside its body', ['11:hello', ' world,'], ['hello world']],
    ['a message whose comma comes in the next read', ['3:abc', ','], ['abc']],
    ['an empty message', ['0:,'], ['']],
    ['a length counted in bytes, not characters', ['6:Zoë €,'.replace('6', String(Buffer.byteLength('Zoë €')))], ['Zoë €']],
    ['nothing yet from half a message', ['9:abc'], []],
  ])('frames %s', (_name, chunks, expected) => {
    expect(frames(...chunks)).toEqual(expected);
  });

  it.each([
    ['a length that is not digits', 'x5:hello,'],
    ['a length with a leading zero', '05:hello,'],
    ['a missing comma', '5:helloX'],
    ['a length over the limit', '999999:'],
    ['no colon after many digits', '12345678901'],
  ])('refuses %s', (_name, input) => {
    expect(() => frames(input)).toThrow(NetstringError);
  });

  it('reads back what it writes, in any script', () => {
    const text = JSON.stringify({ event: 'invite', fromName: 'Ádám 张伟 علی' });
    expect(frames(encodeNetstring(text).toString('utf8'))).toEqual([text]);
  });
});
