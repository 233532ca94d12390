import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const env = { NODE_ENV: 'test', JWT_SECRET: 'test-jwt-secret-0123456789', CTI_SECRET: 'test-cti-secret-0123456789' };

describe('telephony configuration', () => {
  it('is webhook calls only unless TELEPHONY=sip', () => {
    expect(loadConfig(env).telephony).toEqual({ mode: 'webhook' });
  });

  it('reads the evapi port, SIP domain and maximum wait with TELEPHONY=sip', () => {
    expect(loadConfig({ ...env, TELEPHONY: 'sip', KAMAILIO_EVAPI_PORT: '9448', SIP_DOMAIN: 'calls.example.com', SIP_MAX_WAIT_SECONDS: '45' }).telephony).toEqual({
      mode: 'sip',
      evapiHost: '127.0.0.1',
      evapiPort: 9448,
      sipDomain: 'calls.example.com',
      maxWaitMs: 45_000,
    });
  });

  it.each([
    ['an unknown mode', { TELEPHONY: 'pbx' }],
    ['a port out of range', { TELEPHONY: 'sip', KAMAILIO_EVAPI_PORT: '70000' }],
    ['a maximum wait of zero', { TELEPHONY: 'sip', SIP_MAX_WAIT_SECONDS: '0' }],
  ])('refuses %s', (_name, bad) => {
    expect(() => loadConfig({ ...env, ...bad })).toThrow(ConfigError);
  });
});
