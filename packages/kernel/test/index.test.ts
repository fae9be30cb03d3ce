import { describe, expect, it } from 'vitest';
import * as kernel from '../src/index';

describe('kernel index', () => {
  it('re-exports every module', () => {
    for (const name of [
      'DomainError',
      'ValidationFailedError',
      'isDomainError',
      'newId',
      'isId',
      'parseResidentId',
      'residentIdCheckDigit',
      'maskResidentId',
      'isValidResidentId',
      'normalizePhone',
      'isMobilePhone',
      'maskPhone',
      'fen',
      'yuanToFen',
      'formatYuan',
      'addFen',
      'sumFen',
      'multiplyFen',
      'allocateFen',
      'isIsoDate',
      'shanghaiDate',
      'todayInShanghai',
      'addDays',
      'addMonths',
      'daysBetween',
      'compareDates',
      'ageOn',
      'yearOf',
      'monthOf',
      'endOfMonth',
      'startOfShanghaiDay',
      'nowIso',
      'SKILL_LEVELS',
      'PROFESSIONAL_TITLES',
      'EDUCATION_LEVELS',
      'skillLevelAtLeast',
      'titleAtLeast',
      'educationAtLeast',
      'isPersonName',
    ]) {
      expect(kernel, name).toHaveProperty(name);
    }
  });
});
