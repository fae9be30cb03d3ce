/**
 * Money is an integer number of fen (分, 1/100 yuan). Never use floating-point yuan: parse and format
 * decimal strings exactly, and split amounts with `allocateFen` so that shares always add up.
 */
export type Fen = number & { readonly __brand: 'Fen' };

const assertSafe = (n: number, what: string): void => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer number of fen: ${n}`);
};

/** Brands a number as fen. Throws RangeError unless it is a safe integer. (-0 becomes 0.) */
export const fen = (n: number): Fen => {
  assertSafe(n, 'Amount');
  return (n + 0) as Fen;
};

const YUAN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Exact decimal yuan → fen: '10000' → 1000000, '0.5' → 50, '-1.05' → -105.
 * Accepts an optional leading '-', digits, and at most two decimals. Rejects (RangeError) empty strings,
 * whitespace, '+', commas, exponents, '.5', '5.', more than two decimals and amounts beyond the safe range.
 */
export const yuanToFen = (s: string): Fen => {
  const m = typeof s === 'string' ? YUAN.exec(s) : null;
  if (!m) throw new RangeError(`Not a yuan amount with at most two decimals: ${JSON.stringify(s)}`);
  const magnitude = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  const value = m[1] === '-' ? -magnitude : magnitude;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount out of range: ${s}`);
  }
  return fen(Number(value));
};

/** Fen → yuan with exactly two decimals: 1000000 → '10000.00', -105 → '-1.05', 0 → '0.00'. */
export const formatYuan = (f: Fen): string => {
  assertSafe(f, 'Amount');
  const abs = Math.abs(f);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${f < 0 ? '-' : ''}${yuan}.${String(cents).padStart(2, '0')}`;
};

/** Sum of amounts; throws RangeError if any amount or the running total is not a safe integer. */
export const sumFen = (xs: Iterable<Fen>): Fen => {
  let total = 0;
  for (const x of xs) {
    assertSafe(x, 'Amount');
    total += x;
    assertSafe(total, 'Total');
  }
  return fen(total);
};

export const addFen = (...xs: Fen[]): Fen => sumFen(xs);

/** `f × count`; throws RangeError when count is not an integer or the product is not a safe integer. */
export const multiplyFen = (f: Fen, count: number): Fen => {
  assertSafe(f, 'Amount');
  if (!Number.isSafeInteger(count)) throw new RangeError(`Count must be an integer: ${count}`);
  const product = f * count;
  assertSafe(product, 'Product');
  return fen(product);
};

/**
 * Splits `total` in proportion to non-negative integer `weights` by the largest-remainder method:
 * each share is floor(total × w / Σw), and the fen left over go one each to the largest remainders,
 * ties to the earlier index. Shares sum exactly to `total` and each is within 1 fen of the exact
 * proportion; a zero weight always gets 0. A negative total is split as its magnitude, then negated.
 * Throws RangeError for no weights, all-zero weights, or a negative / non-integer weight.
 */
export const allocateFen = (total: Fen, weights: readonly number[]): Fen[] => {
  assertSafe(total, 'Total');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`Weights must be non-negative integers: ${w}`);
  }
  const weightSum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (weightSum === 0n) throw new RangeError('At least one weight must be positive');
  const sign = total < 0 ? -1n : 1n;
  const magnitude = BigInt(total) * sign;
  const shares = weights.map((w) => (magnitude * BigInt(w)) / weightSum);
  const remainders = weights.map((w) => (magnitude * BigInt(w)) % weightSum);
  let leftover = magnitude - shares.reduce((a, s) => a + s, 0n);
  const order = weights.map((_, i) => i);
  order.sort((i, j) => {
    const ri = remainders[i] ?? 0n;
    const rj = remainders[j] ?? 0n;
    return ri === rj ? i - j : ri > rj ? -1 : 1;
  });
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return shares.map((s) => fen(Number(s * sign)));
};
