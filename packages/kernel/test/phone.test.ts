import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMobilePhone, maskPhone, normalizePhone } from '../src/phone';

describe('normalizePhone', () => {
  it('strips spaces and hyphens', () => {
    expect(normalizePhone(' 138-1234 5678 ')).toBe('13812345678');
  });

  it('strips +86, 0086 and 86 country prefixes when 11 digits follow', () => {
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('0086-13812345678')).toBe('13812345678');
    expect(normalizePhone('8613812345678')).toBe('13812345678');
  });

  it('keeps a prefix-like start when the rest is not 11 digits', () => {
    expect(normalizePhone('861381234567')).toBe('861381234567');
    expect(normalizePhone('+8612345')).toBe('+8612345');
  });
});

describe('isMobilePhone', () => {
  it('accepts mainland mobile numbers starting 13–19, with or without prefix', () => {
    expect(isMobilePhone('13812345678')).toBe(true);
    expect(isMobilePhone('19912345678')).toBe(true);
    expect(isMobilePhone('+86 158-0000-1111')).toBe(true);
  });

  it('rejects numbers starting 10–12, landlines, wrong lengths and letters', () => {
    expect(isMobilePhone('12812345678')).toBe(false);
    expect(isMobilePhone('010-12345678')).toBe(false);
    expect(isMobilePhone('1381234567')).toBe(false);
    expect(isMobilePhone('138123456789')).toBe(false);
    expect(isMobilePhone('1381234567a')).toBe(false);
    expect(isMobilePhone('')).toBe(false);
  });

  it('property: every 1[3-9] + 9 digits number is accepted, also behind +86', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (n) => {
        expect(isMobilePhone(n)).toBe(true);
        expect(isMobilePhone(`+86 ${n}`)).toBe(true);
      }),
    );
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678');
  });

  it('masks everything for other lengths', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('0101234567')).toBe('**********');
    expect(maskPhone('138123456789')).toBe('************');
  });
});
