import { describe, expect, it } from 'vitest';
import { identityHash, verifyIdentity } from '../../server/widget/identity.js';
import { normaliseOrigin } from '../../server/widget/origins.js';
import { clientIdOfEventId, isWidgetCallId, messageEventId, sessionIdOfCallId, widgetCallId } from '../../server/widget/widget-ids.js';

const SECRET = 'a'.repeat(64);

describe('widget identity signatures', () => {
  const good = identityHash('ada@example.com', SECRET);
  it.each([
    ['the host server\'s signature', 'ada@example.com', good, SECRET, true],
    ['the same in upper case hex', 'ada@example.com', good.toUpperCase(), SECRET, true],
    ['another identifier', 'ben@example.com', good, SECRET, false],
    ['another site\'s secret', 'ada@example.com', identityHash('ada@example.com', 'b'.repeat(64)), SECRET, false],
    ['no signature', 'ada@example.com', undefined, SECRET, false],
    ['a short signature', 'ada@example.com', good.slice(0, 10), SECRET, false],
    ['a site without a secret', 'ada@example.com', good, '', false],
  ])('%s → %s', (_what, identifier, hash, secret, valid) => {
    expect(verifyIdentity(identifier, hash, secret)).toBe(valid);
  });
});

describe('widget site origins', () => {
  it.each([
    ['https://Shop.Example', 'https://shop.example'],
    ['https://shop.example/', 'https://shop.example'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['https://shop.example:443', 'https://shop.example'],
    ['https://shop.example/path', null],
    ['file:///tmp/page.html', null],
    ['https://user:pw@shop.example', null],
    ['not a url', null],
  ])('%s → %s', (value, origin) => {
    expect(normaliseOrigin(value)).toBe(origin);
  });
});

describe('widget chat ids', () => {
  it('tells a widget chat by its call id and finds its visitor session', () => {
    const id = widgetCallId('64656d6f73686f7000000001', 3);
    expect(id).toBe('web-64656d6f73686f7000000001-3');
    expect(isWidgetCallId(id)).toBe(true);
    expect(sessionIdOfCallId(id)).toBe('64656d6f73686f7000000001');
    expect(isWidgetCallId('chat-1')).toBe(false);
    expect(isWidgetCallId('web-shop-1')).toBe(false);
    expect(clientIdOfEventId(messageEventId('abc-123'))).toBe('abc-123');
    expect(clientIdOfEventId(`${id}:question`)).toBeUndefined();
  });
});
