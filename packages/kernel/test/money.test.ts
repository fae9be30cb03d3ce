import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFen, allocateFen, type Fen, fen, formatYuan, multiplyFen, sumFen, yuanToFen } from '../src/money';

const safeFen = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).map(fen);

describe('fen', () => {
  it('accepts safe integers and turns -0 into 0', () => {
    expect(fen(12345)).toBe(12345);
    expect(Object.is(fen(-0), 0)).toBe(true);
  });

  it('throws RangeError for fractions, NaN, infinities and unsafe integers', () => {
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => fen(bad)).toThrow(RangeError);
    }
  });
});

describe('yuanToFen', () => {
  it('parses decimal yuan exactly', () => {
    expect(yuanToFen('10000')).toBe(1_000_000);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('-1.05')).toBe(-105);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1.10')).toBe(110);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(Object.is(yuanToFen('-0'), 0)).toBe(true);
  });

  it('parses the largest safe amount exactly', () => {
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => yuanToFen('90071992547409.92')).toThrow(RangeError);
  });

  it('rejects more than two decimals, exponents, empty strings, commas and other junk', () => {
    for (const bad of ['1.005', '1e3', '', '1,000', ' 1', '+1', '.5', '5.', '¥5', '1.2.3', '--1', 'NaN']) {
      expect(() => yuanToFen(bad), bad).toThrow(RangeError);
    }
  });
});

describe('formatYuan', () => {
  it('always shows two decimals', () => {
    expect(formatYuan(fen(1_000_000))).toBe('10000.00');
    expect(formatYuan(fen(-105))).toBe('-1.05');
    expect(formatYuan(fen(0))).toBe('0.00');
    expect(formatYuan(fen(7))).toBe('0.07');
    expect(formatYuan(fen(-50))).toBe('-0.50');
  });

  it('property: yuanToFen(formatYuan(x)) === x for every safe integer', () => {
    fc.assert(
      fc.property(safeFen, (x) => {
        expect(yuanToFen(formatYuan(x))).toBe(x);
      }),
    );
  });
});

describe('addFen, sumFen and multiplyFen', () => {
  it('add amounts exactly', () => {
    expect(addFen(fen(10), fen(20), fen(-5))).toBe(25);
    expect(addFen()).toBe(0);
    expect(sumFen(new Set([fen(1), fen(2), fen(3)]))).toBe(6);
  });

  it('throw RangeError when the total leaves the safe range', () => {
    expect(() => addFen(fen(Number.MAX_SAFE_INTEGER), fen(1))).toThrow(RangeError);
    expect(() => sumFen([fen(Number.MIN_SAFE_INTEGER), fen(-1)])).toThrow(RangeError);
  });

  it('multiply by an integer count', () => {
    expect(multiplyFen(fen(150), 3)).toBe(450);
    expect(multiplyFen(fen(150), -2)).toBe(-300);
    expect(Object.is(multiplyFen(fen(0), -1), 0)).toBe(true);
  });

  it('throw RangeError for a fractional count or an unsafe product', () => {
    expect(() => multiplyFen(fen(100), 1.5)).toThrow(RangeError);
    expect(() => multiplyFen(fen(Number.MAX_SAFE_INTEGER), 2)).toThrow(RangeError);
  });
});

describe('allocateFen', () => {
  it('splits by largest remainder, ties to the earlier index', () => {
    expect(allocateFen(fen(100), [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateFen(fen(5), [1, 1])).toEqual([3, 2]);
    expect(allocateFen(fen(100), [1, 2])).toEqual([33, 67]); // remainders 1/3 vs 2/3
    expect(allocateFen(fen(1000), [3, 0, 7])).toEqual([300, 0, 700]);
  });

  it('gives nothing to zero weights even when fen are left over', () => {
    expect(allocateFen(fen(1), [0, 1, 1])).toEqual([0, 1, 0]);
  });

  it('splits a negative total symmetrically', () => {
    expect(allocateFen(fen(-100), [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('throws RangeError for all-zero, empty, negative or fractional weights', () => {
    expect(() => allocateFen(fen(100), [0, 0])).toThrow(RangeError);
    expect(() => allocateFen(fen(100), [])).toThrow(RangeError);
    expect(() => allocateFen(fen(100), [1, -1])).toThrow(RangeError);
    expect(() => allocateFen(fen(100), [1.5])).toThrow(RangeError);
  });

  it('property: shares sum to the total and each is within 1 fen of the exact proportion', () => {
    const weights = fc
      .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
      .filter((ws) => ws.some((w) => w > 0));
    fc.assert(
      fc.property(safeFen, weights, (total: Fen, ws) => {
        const shares = allocateFen(total, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.reduce((a, s) => a + BigInt(s), 0n)).toBe(BigInt(total));
        const weightSum = ws.reduce((a, w) => a + BigInt(w), 0n);
        shares.forEach((share, i) => {
          // |share − total·w/W| < 1  ⇔  |share·W − total·w| < W
          const diff = BigInt(share) * weightSum - BigInt(total) * BigInt(ws[i] ?? 0);
          expect(diff < 0n ? -diff : diff).toBeLessThan(weightSum);
        });
      }),
    );
  });

  it('property: equal weights give shares that differ by at most 1 fen, larger ones first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }).map(fen),
        fc.integer({ min: 1, max: 12 }),
        (total, n) => {
          const shares = allocateFen(
            total,
            Array.from({ length: n }, () => 1),
          );
          const floor = Math.floor(total / n);
          expect(shares).toEqual(shares.map((_, i) => (i < total - floor * n ? floor + 1 : floor)));
        },
      ),
    );
  });
});
