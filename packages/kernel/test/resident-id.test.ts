import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidResidentId,
  maskResidentId,
  PROVINCE_CODES,
  parseResidentId,
  residentIdCheckDigit,
} from '../src/resident-id';

const TODAY = '2025-06-30';

const failureOf = (value: string, today = TODAY) => {
  const r = parseResidentId(value, today);
  if (r.ok) throw new Error(`expected ${value} to be rejected`);
  return r;
};

const parsed = (value: string, today = TODAY) => {
  const r = parseResidentId(value, today);
  if (!r.ok) throw new Error(`expected ${value} to parse, got ${r.reason}`);
  return r.value;
};

/** 17 digits with a valid province code and a real birth date between 1900-01-01 and TODAY. */
const first17 = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    area: fc.stringMatching(/^\d{4}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date(`${TODAY}T00:00:00Z`),
      noInvalidDate: true,
    }),
    sequence: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, area, birth, sequence }) => {
    const iso = birth.toISOString().slice(0, 10);
    return { digits: `${province}${area}${iso.replaceAll('-', '')}${sequence}`, iso, sequence };
  });

describe('residentIdCheckDigit (ISO 7064 MOD 11-2)', () => {
  it('computes X for the GB 11643-1999 example 11010519491231002X', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
  });

  it('computes 6 for the published 15→18 conversion example 130503196704010016', () => {
    expect(residentIdCheckDigit('13050319670401001')).toBe('6');
  });

  it('maps each sum mod 11 to 1 0 X 9 8 7 6 5 4 3 2', () => {
    // Only the 17th digit (weight 2) varies, so the sum mod 11 is 2 × digit.
    const got = Array.from({ length: 10 }, (_, d) => residentIdCheckDigit(`0000000000000000${d}`));
    expect(got).toEqual(['1', 'X', '8', '6', '4', '2', '0', '9', '7', '5']);
  });

  it('rejects input that is not exactly 17 digits', () => {
    expect(() => residentIdCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('parseResidentId — X-RESIDENT-ID', () => {
  it('X-RESIDENT-ID accepts the GB standard example and decodes region, birth date and gender', () => {
    expect(parseResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: { id: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', gender: 'female' },
    });
  });

  it('X-RESIDENT-ID accepts the published example 130503196704010016 as a male born 1967-04-01', () => {
    expect(parsed('130503196704010016')).toEqual({
      id: '130503196704010016',
      regionCode: '130503',
      birthDate: '1967-04-01',
      gender: 'male',
    });
  });

  it('X-RESIDENT-ID accepts a leap-day birth date', () => {
    expect(parsed('510107200002290010').birthDate).toBe('2000-02-29');
  });

  it('X-RESIDENT-ID normalises a lowercase trailing x and surrounding whitespace', () => {
    expect(parsed('  11010519491231002x ').id).toBe('11010519491231002X');
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });

  it('X-RESIDENT-ID takes gender from the 17th digit: odd is male, even is female', () => {
    expect(parsed('440306199001011236').gender).toBe('male'); // 17th digit 3
    expect(parsed('11010519491231002X').gender).toBe('female'); // 17th digit 2
    const even = `44030619900101124`;
    expect(parsed(even + residentIdCheckDigit(even)).gender).toBe('female');
  });

  it('X-RESIDENT-ID rejects a wrong check digit', () => {
    const r = failureOf('110105194912310021');
    expect(r.reason).toBe('check-digit');
    expect(r.message).toMatch(/check digit/i);
    expect(r.messageZh).toContain('校验码');
  });

  it('X-RESIDENT-ID rejects an impossible birth date (1999-02-30)', () => {
    const digits = '11010519990230001';
    expect(failureOf(digits + residentIdCheckDigit(digits)).reason).toBe('birth-date');
  });

  it('X-RESIDENT-ID rejects 29 February in a non-leap year (1900 is not a leap year)', () => {
    const digits = '11010519000229001';
    expect(failureOf(digits + residentIdCheckDigit(digits)).reason).toBe('birth-date');
  });

  it('X-RESIDENT-ID rejects a birth date after today, and accepts one on today', () => {
    const future = '11010520250701001';
    const r = failureOf(future + residentIdCheckDigit(future));
    expect(r.reason).toBe('birth-date');
    expect(r.message).toMatch(/future/);
    const onToday = '11010520250630001';
    expect(parsed(onToday + residentIdCheckDigit(onToday)).birthDate).toBe(TODAY);
  });

  it('X-RESIDENT-ID rejects a birth year before 1900', () => {
    const digits = '11010518991231001';
    expect(failureOf(digits + residentIdCheckDigit(digits)).reason).toBe('birth-date');
  });

  it('X-RESIDENT-ID uses today in Asia/Shanghai when no date is given', () => {
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const digits = `110105${tomorrow.replaceAll('-', '')}001`;
    const r = parseResidentId(digits + residentIdCheckDigit(digits));
    expect(r.ok ? 'ok' : r.reason).toBe('birth-date');
  });

  it('X-RESIDENT-ID rejects an invalid province code', () => {
    for (const prefix of ['00', '10', '16', '24', '38', '47', '55', '66', '72', '84', '90', '99']) {
      const digits = `${prefix}010519491231002`;
      expect(failureOf(digits + residentIdCheckDigit(digits)).reason).toBe('region');
    }
  });

  it('X-RESIDENT-ID rejects wrong lengths and characters as format errors', () => {
    for (const bad of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      '1101051949123100X2',
      '11010519491231002Y',
    ]) {
      const r = failureOf(bad);
      expect(r.reason).toBe('format');
      expect(r.message).toMatch(/18 characters/);
    }
  });

  it('X-RESIDENT-ID rejects old 15-digit numbers, saying 18 characters are required', () => {
    const r = failureOf('130503670401001');
    expect(r.reason).toBe('format');
    expect(r.message).toMatch(/15-digit/);
    expect(r.message).toMatch(/18 characters/);
    expect(r.messageZh).toContain('18位');
  });

  it('never echoes the number in its messages', () => {
    const r = failureOf('110105194912310021');
    expect(r.message).not.toContain('110105');
    expect(r.messageZh).not.toContain('110105');
  });

  it('property: valid region + real date + computed check digit parses and round-trips birth date and gender', () => {
    fc.assert(
      fc.property(first17, ({ digits, iso, sequence }) => {
        const r = parseResidentId(digits + residentIdCheckDigit(digits), TODAY);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.birthDate).toBe(iso);
        expect(r.value.regionCode).toBe(digits.slice(0, 6));
        expect(r.value.gender).toBe(Number(sequence.charAt(2)) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('property: any other check character fails with check-digit', () => {
    const checkChars = '0123456789X'.split('');
    fc.assert(
      fc.property(first17, fc.constantFrom(...checkChars), ({ digits }, other) => {
        fc.pre(other !== residentIdCheckDigit(digits));
        const r = parseResidentId(digits + other, TODAY);
        expect(r.ok ? 'ok' : r.reason).toBe('check-digit');
      }),
    );
  });
});

describe('maskResidentId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
  });

  it('masks everything when the input is not 18 characters', () => {
    expect(maskResidentId('130503670401001')).toBe('*'.repeat(15));
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskResidentId('')).toBe('');
  });

  it('property: never reveals the birth date digits', () => {
    fc.assert(
      fc.property(first17, ({ digits }) => {
        const masked = maskResidentId(digits + residentIdCheckDigit(digits));
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});
