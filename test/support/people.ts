import { randomInt } from 'node:crypto';
import { addDays, residentIdCheckDigit } from '@talent/kernel';

/**
 * Valid resident IDs for tests: region 110105 (Beijing Chaoyang), the given birth date and a
 * sequence number, with the real ISO 7064 check digit. Odd sequence → male, even → female.
 */
export const residentIdFor = (birthDate: string, sequence: number): string => {
  const first17 = `110105${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
};

/** Sequence numbers handed out in this process: from a random start, then one after the other. */
let nextSequence = randomInt(0, 1000);

/**
 * A valid resident ID (birth date 1970–1997 unless given). With a fixed birth date, the sequence
 * numbers of one test file never repeat (up to 1,000), and files start at random points, so IDs
 * practically never meet across a run either.
 */
export const freshResidentId = (birthDate?: string): string =>
  residentIdFor(birthDate ?? addDays('1970-01-01', randomInt(0, 10_000)), nextSequence++ % 1000);

/** A resident ID with every part valid but the check digit. */
export const withBadCheckDigit = (id: string): string => {
  const last = id.at(-1);
  return id.slice(0, 17) + (last === '0' ? '1' : '0');
};
