import { randomBytes } from 'node:crypto';

/** Crockford base32, as used by ULID: sortable by creation time, no ambiguous letters. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new ULID (26 characters, time-ordered). Ids never contain the key separator `#`. */
export const newId = (now: number = Date.now()): string => {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += ALPHABET.charAt(b % 32);
  return time + rand;
};

export const isId = (value: string): boolean => ID_PATTERN.test(value);
