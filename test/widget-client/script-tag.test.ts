import { describe, expect, it } from 'vitest';
import { embedSettings } from '../../client/widget/script-tag';

const tag = (src: string, dataset: Record<string, string>) => ({ src, dataset: dataset as DOMStringMap });

describe('what the embedding script tag says', () => {
  it.each([
    ['the console origin from its src, and the site', tag('https://console.example/widget.js', { site: 'shop-1' }), { origin: 'https://console.example', site: 'shop-1' }],
    ['a console on a port, the src with a version query', tag('http://10.0.0.5:3000/widget.js?v=2', { site: ' s ' }), { origin: 'http://10.0.0.5:3000', site: 's' }],
    ['a customer the host page vouches for', tag('https://c.example/widget.js', { site: 's', identifier: 'ada@example.com', identityHash: 'ab'.repeat(32) }), { origin: 'https://c.example', site: 's', identity: { identifier: 'ada@example.com', hash: 'ab'.repeat(32) } }],
    ['an identity hint without a hash', tag('https://c.example/widget.js', { site: 's', identifier: 'C-42' }), { origin: 'https://c.example', site: 's', identity: { identifier: 'C-42' } }],
    ['no data-site: nothing to open', tag('https://c.example/widget.js', {}), undefined],
    ['an empty data-site', tag('https://c.example/widget.js', { site: '  ' }), undefined],
  ])('%s', (_name, script, expected) => {
    expect(embedSettings(script)).toEqual(expected);
  });
});
