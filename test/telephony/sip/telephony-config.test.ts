import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const env = { NODE_ENV: 'test', JWT_SECRET: 'test-jwt-secret-0123456789', CTI_SECRET: 'test-cti-secret-0123456789' };

describe('telephony configuration', () => {
  it('is webhook calls only unless TELEPHONY=sip', () => {
    expect(loadConfig(env).telephony).toEqual({ mode: 'webhook' });
  });

  it("reads the evapi port, SIP domain, maximum wait, the switch's shared secret and WebSocket address with TELEPHONY=sip", () => {
    const secret = 'Zq3v+8Kd/Lw1mXp7Rt2Ny6Hb=';
    expect(
      loadConfig({ ...env, TELEPHONY: 'sip', KAMAILIO_EVAPI_PORT: '9448', SIP_DOMAIN: 'calls.example.com', SIP_MAX_WAIT_SECONDS: '45', SIP_AUTH_SECRET: secret, SIP_WS_URL: 'wss://sip.example.com:7443' })
        .telephony,
    ).toEqual({
      mode: 'sip',
      evapiHost: '127.0.0.1',
      evapiPort: 9448,
      sipDomain: 'calls.example.com',
      maxWaitMs: 45_000,
      authSecret: secret,
      wsUrl: 'wss://sip.example.com:7443',
      credentialTtlMs: 12 * 3600_000,
    });
  });

  it('uses a development secret for the switch with a warning outside production, and only with TELEPHONY=sip', () => {
    const sip = loadConfig({ ...env, TELEPHONY: 'sip' });
    expect(sip.warnings.join('\n')).toMatch(/SIP_AUTH_SECRET is not set/);
    expect(loadConfig(env).warnings.join('\n')).not.toMatch(/SIP_AUTH_SECRET/);
  });

  const production = { NODE_ENV: 'production', JWT_SECRET: 'q8Zr2Lw9Xv4Tn7Kp1Hs6Dm3Bf5Gc0Jy', CTI_SECRET: 'a7Pq2Wx9Ez4Rt1Yu6Io3Lk8Mn5Bv0Cj' };
  it.each([
    ['no SIP_AUTH_SECRET', {}, /SIP_AUTH_SECRET must be set/],
    ['the development default', { SIP_AUTH_SECRET: 'dev-only-sip-auth-secret-change-me' }, /SIP_AUTH_SECRET/],
    ['the same secret as JWT_SECRET', { SIP_AUTH_SECRET: production.JWT_SECRET }, /SIP_AUTH_SECRET must differ/],
  ])('refuses TELEPHONY=sip in production with %s', (_name, extra, problem) => {
    expect(() => loadConfig({ ...production, TELEPHONY: 'sip', ...extra })).toThrow(problem);
  });

  it.each([
    ['an unknown mode', { TELEPHONY: 'pbx' }],
    ['a port out of range', { TELEPHONY: 'sip', KAMAILIO_EVAPI_PORT: '70000' }],
    ['a maximum wait of zero', { TELEPHONY: 'sip', SIP_MAX_WAIT_SECONDS: '0' }],
    ['a shared secret with a quote (it goes into Kamailio\'s configuration)', { TELEPHONY: 'sip', SIP_AUTH_SECRET: 'abcdefgh"ijklmnopq' }],
    ['a WebSocket address that is not ws: or wss:', { TELEPHONY: 'sip', SIP_WS_URL: 'http://sip.example.com' }],
  ])('refuses %s', (_name, bad) => {
    expect(() => loadConfig({ ...env, ...bad })).toThrow(ConfigError);
  });
});
