import { describe, expect, it } from 'vitest';
import { newClientId } from '../../client/widget/client-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('message client ids', () => {
  it('uses crypto.randomUUID where the page has it (HTTPS)', () => {
    expect(newClientId({ randomUUID: () => '11111111-2222-4333-8444-555555555555' })).toBe('11111111-2222-4333-8444-555555555555');
  });

  it.each([
    ['getRandomValues only (a shop on plain HTTP)', { getRandomValues: <T extends ArrayBufferView | null>(a: T) => globalThis.crypto.getRandomValues(a as Uint8Array) as unknown as T }],
    ['no crypto at all', undefined],
    ['an empty crypto object', {}],
  ] as const)('falls back to a version-4 UUID with %s', (_name, c) => {
    const ids = new Set(Array.from({ length: 200 }, () => newClientId(c as Parameters<typeof newClientId>[0])));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('is a length the server accepts (8 to 64 characters)', () => {
    expect(newClientId().length).toBeGreaterThanOrEqual(8);
    expect(newClientId(undefined).length).toBeLessThanOrEqual(64);
  });
});
