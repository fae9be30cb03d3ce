import { statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../http/src/claims';
import { issueDevToken, loadOrCreateSigningKey, SIGNING_KEY_FILE, verifyDevToken } from '../src/token';
import { tempDir } from './helpers';

const key = new Uint8Array(32).fill(7);

describe('dev tokens', () => {
  const savedSecret = process.env.LOCAL_JWT_SECRET;
  afterEach(() => {
    if (savedSecret === undefined) delete process.env.LOCAL_JWT_SECRET;
    else process.env.LOCAL_JWT_SECRET = savedSecret;
  });

  it('carries the Cognito-like claims, signed HS256, and verifies', async () => {
    const token = await issueDevToken({ agency: 'jiangsu', roles: ['admin', 'reviewer'], unit: 'u-1' }, key);
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const claims = await verifyDevToken(token, key);
    expect(claims).not.toBeNull();
    expect(claims?.sub).toBe('dev-jiangsu-admin');
    expect(claims?.['custom:agency']).toBe('jiangsu');
    expect(claims?.['cognito:groups']).toEqual(['admin', 'reviewer']);
    expect(claims?.['custom:unit']).toBe('u-1');
    expect(claims?.iss).toBe(LOCAL_ISSUER);
    expect(claims?.aud).toBe(LOCAL_AUDIENCE);
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(12 * 60 * 60);
  });

  it('uses the given user as sub and leaves out custom:unit when not given', async () => {
    const claims = await verifyDevToken(
      await issueDevToken({ agency: 'beijing', roles: ['finance'], user: 'u42' }, key),
      key,
    );
    expect(claims?.sub).toBe('u42');
    expect(claims && 'custom:unit' in claims).toBe(false);
  });

  it('rejects an expired token', async () => {
    const token = await issueDevToken({ agency: 'jiangsu', roles: ['admin'], expiresIn: -60 }, key);
    expect(await verifyDevToken(token, key)).toBeNull();
  });

  it('rejects a token signed with another key', async () => {
    const token = await issueDevToken({ agency: 'jiangsu', roles: ['admin'] }, new Uint8Array(32).fill(8));
    expect(await verifyDevToken(token, key)).toBeNull();
  });

  it('rejects a wrong audience or issuer, a missing exp and garbage', async () => {
    const base = () =>
      new SignJWT({ 'custom:agency': 'jiangsu', 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('s')
        .setIssuedAt();
    const wrongAud = await base()
      .setIssuer(LOCAL_ISSUER)
      .setAudience('other')
      .setExpirationTime('1h')
      .sign(key);
    const wrongIss = await base()
      .setIssuer('https://evil')
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(key);
    const noExp = await base().setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).sign(key);
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('s')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new Uint8Array(64).fill(7));
    const good = await base()
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(key);
    expect(await verifyDevToken(wrongAud, key)).toBeNull();
    expect(await verifyDevToken(wrongIss, key)).toBeNull();
    expect(await verifyDevToken(noExp, key)).toBeNull();
    expect(await verifyDevToken(hs512, new Uint8Array(64).fill(7))).toBeNull();
    expect(await verifyDevToken('not.a.jwt', key)).toBeNull();
    expect(await verifyDevToken(good, key)).not.toBeNull();
  });

  it('keeps the signing key in the data dir (0600) and reuses it', () => {
    delete process.env.LOCAL_JWT_SECRET;
    const dir = join(tempDir('key'), 'nested');
    const first = loadOrCreateSigningKey(dir);
    expect(first.length).toBe(32);
    expect(statSync(join(dir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(loadOrCreateSigningKey(dir)).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(loadOrCreateSigningKey(tempDir('key2'))).equals(Buffer.from(first))).toBe(false);
  });

  it('takes LOCAL_JWT_SECRET over the file', () => {
    process.env.LOCAL_JWT_SECRET = 'a-shared-secret-for-the-team-0123456789';
    expect(Buffer.from(loadOrCreateSigningKey(tempDir('env'))).toString()).toBe(process.env.LOCAL_JWT_SECRET);
  });
});
