import { createHmac } from 'node:crypto';
import type { AgencyId } from './keys';

let key: Buffer | undefined;
const hashKey = (): Buffer => {
  if (!key) {
    const raw = process.env.PII_HASH_KEY;
    if (!raw || raw.length < 16)
      throw new Error('Environment variable PII_HASH_KEY is not set (≥16 characters)');
    key = Buffer.from(raw, 'utf8');
  }
  return key;
};

/**
 * A keyed hash of a person's resident ID within one agency, used in uniqueness keys so that
 * the raw ID never appears in a key, an index or a log (X-RESIDENT-ID). HMAC rather than a
 * plain hash: 18-digit IDs have little entropy and a plain SHA-256 could be reversed by brute force.
 */
export const personFingerprint = (agency: AgencyId, residentId: string): string =>
  createHmac('sha256', hashKey()).update(`${agency}\u0000${residentId}`).digest('base64url').slice(0, 32);

/** An HMAC over arbitrary text (cursors). */
export const sign = (text: string): string =>
  createHmac('sha256', hashKey()).update(`cursor\u0000${text}`).digest('base64url').slice(0, 22);
