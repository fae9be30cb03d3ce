import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A random local secret kept in a file of the data dir (mode 0600), created on first use and
 * reused across restarts, so tokens and hashes stay valid while the data lives.
 * Stored as base64url text; returned as bytes.
 */
export const loadOrCreateLocalSecret = (dir: string, fileName: string, bytes = 32): Uint8Array => {
  const file = join(dir, fileName);
  const read = (): Uint8Array | undefined => {
    try {
      const text = readFileSync(file, 'utf8').trim();
      const decoded = Buffer.from(text, 'base64url');
      return decoded.length >= 16 ? new Uint8Array(decoded) : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const existing = read();
  if (existing) return existing;
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(bytes);
  // Written whole to a temporary file, then linked into place: the link fails if another process
  // created the file meanwhile (use theirs), and a kill mid-write never leaves a partial secret.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${secret.toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
      // No hard links on this file system: atomic, though not exclusive.
      renameSync(tmp, file);
      return new Uint8Array(secret);
    }
    if (code !== 'EEXIST') throw err;
    const theirs = read();
    if (theirs) return theirs;
    // An unreadable file (from a version that wrote in place): replace it atomically.
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  chmodSync(file, 0o600);
  return new Uint8Array(secret);
};

export const PII_HASH_KEY_FILE = 'pii-hash-key';

/** The local PII hashing key: `LOCAL_PII_HASH_KEY` if set, else a stable value from the data dir. */
export const loadOrCreatePiiHashKey = (dir: string): string =>
  process.env.LOCAL_PII_HASH_KEY ||
  Buffer.from(loadOrCreateLocalSecret(dir, PII_HASH_KEY_FILE)).toString('base64url');
