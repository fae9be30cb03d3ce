/**
 * Person names (姓名). After trimming and NFC normalisation, 2–50 characters (Unicode code points), and either
 * - Han characters, optionally in parts joined by single middle dots '·' (U+00B7) as in minority and foreign
 *   transliterations ('阿卜杜拉·买买提'); or
 * - Latin letters (accents allowed) in parts joined by single spaces, hyphens or apostrophes (' or ’) ("Mary-Jane O'Neil").
 * No digits, no other punctuation, no leading/trailing or consecutive separators, no mixing of scripts.
 */
const HAN_NAME = /^\p{Script=Han}+(?:\u00B7\p{Script=Han}+)*$/u;
const LATIN_NAME = /^\p{Script=Latin}+(?:[ '\u2019-]\p{Script=Latin}+)*$/u;

export const MIN_NAME_LENGTH = 2;
export const MAX_NAME_LENGTH = 50;

export const isPersonName = (s: string): boolean => {
  if (typeof s !== 'string') return false;
  const name = s.trim().normalize('NFC');
  const length = Array.from(name).length;
  if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH) return false;
  return HAN_NAME.test(name) || LATIN_NAME.test(name);
};
