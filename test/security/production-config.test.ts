import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { secretProblem } from '../../server/security/secret-strength.js';

const STRONG_JWT = 'kR3v9Qm2Lx8Zp4Tn7Wc1Hs6Yb0Fd5Gj2Ue9Ai3Ok';
const STRONG_CTI = 'N8qW2eR5tY7uI1oP4aS6dF9gH3jK0lZx2Cv5Bn8M';

describe('production secrets', () => {
  it.each([
    ['dev-only-jwt-secret-change-me', /published development default/],
    ['aaaaaaaaaaaaaaaa', /16 characters long; at least 32/],
    ['a'.repeat(40), /too predictable/],
    ['abcdefgh'.repeat(5), /too predictable/],
    ['0123456789abcdef0123456789abcdef', /too predictable/],
    [STRONG_JWT, undefined],
    ['3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a9c7e5b3d1f8a6c4e2b0d9f7a', undefined],
  ])('%s → %s', (value, problem) => {
    const found = secretProblem(value, ['dev-only-jwt-secret-change-me']);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  const production = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: 'production', ...env });

  it('refuses weak, default or shared secrets in production, one line each', () => {
    expect(production({})).toThrow(ConfigError);
    try {
      production({ JWT_SECRET: 'aaaaaaaaaaaaaaaa', CTI_SECRET: 'dev-only-cti-secret-change-me' })();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.stringMatching(/^JWT_SECRET is 16 characters long/),
        expect.stringMatching(/^CTI_SECRET is the published development default/),
      ]);
    }
    expect(production({ JWT_SECRET: STRONG_JWT, CTI_SECRET: STRONG_JWT })).toThrow(/JWT_SECRET and CTI_SECRET must differ/);
    expect(production({ JWT_SECRET: STRONG_JWT, CTI_SECRET: STRONG_CTI })().production).toBe(true);
  });

  it('prints a bad configuration as readable lines naming the variable, without a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./server/config.ts').then((m) => m.loadConfigOrExit())"], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: STRONG_JWT, CTI_SECRET: STRONG_JWT, PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^configuration error: PORT: /)]);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
