import { describe, expect, it } from 'vitest';
import { main } from '../src/cli';
import { loadOrCreateSigningKey, verifyDevToken } from '../src/token';
import { tempDir } from './helpers';

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('cli token', () => {
  it('prints only a token that verifies with the data dir key', async () => {
    delete process.env.LOCAL_JWT_SECRET;
    const dataDir = tempDir('cli');
    const r = await run([
      'token',
      '--agency',
      'jiangsu',
      '--role',
      'admin',
      '--role',
      'finance',
      '--unit',
      'u1',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = await verifyDevToken(r.out, loadOrCreateSigningKey(dataDir));
    expect(claims).toMatchObject({
      'custom:agency': 'jiangsu',
      'cognito:groups': ['admin', 'finance'],
      'custom:unit': 'u1',
    });
  });

  it('rejects an unknown role or agency with exit code 2 and a clear message', async () => {
    const dataDir = tempDir('cli-bad');
    const badRole = await run(['token', '--agency', 'jiangsu', '--role', 'root', '--data-dir', dataDir]);
    expect(badRole.code).toBe(2);
    expect(badRole.out).toBe('');
    expect(badRole.err).toContain("Unknown role 'root'");
    expect(badRole.err).toContain('admin, reviewer, unit, finance, auditor');

    const badAgency = await run(['token', '--agency', 'atlantis', '--role', 'admin', '--data-dir', dataDir]);
    expect(badAgency.code).toBe(2);
    expect(badAgency.err).toContain("Unknown agency 'atlantis'");

    expect((await run(['token', '--role', 'admin'])).code).toBe(2);
    expect((await run(['token', '--agency', 'jiangsu'])).code).toBe(2);
    expect((await run(['token', '--agency', 'jiangsu', '--role', 'admin', '--bogus'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
