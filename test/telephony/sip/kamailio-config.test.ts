import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type KamailioSettings, renderKamailioConfig } from '../../../server/telephony/sip/kamailio-config.js';

const template = fs.readFileSync(path.resolve(import.meta.dirname, '../../../server/telephony/sip/kamailio.cfg.tpl'), 'utf8');
const base: KamailioSettings = { sipAddress: '127.0.0.1', sipPort: 5070, sipDomain: 'console.test', wsPort: 5071, authSecret: 'abc+/=0123456789xyz', evapiAddress: '127.0.0.1', evapiPort: 8448, maxWaitMs: 60_000 };

describe('the Kamailio configuration', () => {
  it('fills every placeholder: SIP and evapi on the given addresses, the flood limit, the transaction lifetime', () => {
    const cfg = renderKamailioConfig(template, { ...base, agentRingMs: 15_000, pike: { density: 7, unitSeconds: 3 } });
    expect(cfg).not.toMatch(/\{\{/);
    expect(cfg).toContain('listen=udp:127.0.0.1:5070');
    expect(cfg).toContain('alias="console.test:5070"');
    expect(cfg).toContain('listen=tcp:127.0.0.1:5071');
    expect(cfg).toContain('modparam("auth_ephemeral", "secret", "abc+/=0123456789xyz")');
    expect(cfg).toContain('modparam("evapi", "bind_addr", "127.0.0.1:8448")');
    expect(cfg).toContain('modparam("pike", "reqs_density_per_unit", 7)');
    expect(cfg).toContain('modparam("pike", "sampling_time_unit", 3)');
    expect(cfg).toContain('modparam("tm", "fr_inv_timer", 15000)');
    // Waiting, ringing and a margin: the switch never times a call out before the console decides.
    expect(cfg).toContain('modparam("tm", "max_inv_lifetime", 85000)');
    // A call suspended for the console outlives its maximum wait; a phone ringing gets the ring time.
    expect(cfg).toContain('t_set_fr(70000, 70000);');
    expect(cfg).toContain('t_set_fr(15000, 4000);');
    // No console origins: no browser page may open the WebSocket.
    expect(cfg).toContain('in_list("$hdr(Origin)", "https://none.invalid", ",")');
    expect(renderKamailioConfig(template, { ...base, wsOrigins: ['https://console.example.com', 'http://127.0.0.1:3000'] })).toContain(
      'in_list("$hdr(Origin)", "https://console.example.com,http://127.0.0.1:3000", ",")',
    );
  });

  it.each([
    ['a quote in the domain', { sipDomain: 'a"b' }],
    ['a newline in an address', { sipAddress: '127.0.0.1\nlisten=udp:0.0.0.0:5060' }],
    ['a space in the domain', { sipDomain: 'a b' }],
    ['a quote in the shared secret', { authSecret: 'abc"\nmodparam' }],
    ['a quote in an origin', { wsOrigins: ['https://console.example.com", "x'] }],
    ['a path in an origin', { wsOrigins: ['https://console.example.com/agent'] }],
    ['a comma inside an origin', { wsOrigins: ['https://a.example,'] }],
  ])('refuses %s (it would rewrite the configuration)', (_name, bad) => {
    expect(() => renderKamailioConfig(template, { ...base, ...bad })).toThrow(/characters it may not have/);
  });

  it('refuses a template naming a placeholder nothing fills, or no longer using one', () => {
    expect(() => renderKamailioConfig(`${template}\n# {{UNKNOWN}}`, base)).toThrow(/UNKNOWN/);
    expect(() => renderKamailioConfig(template.replaceAll('{{PIKE_DENSITY}}', '16'), base)).toThrow(/no longer uses PIKE_DENSITY/);
  });
});
