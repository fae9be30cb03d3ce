import { type Fen, fen, formatYuan } from '@talent/kernel';

/** 1000000 → '10,000.00' (exact, from integer fen; no floating point). */
export const yuanGrouped = (amount: number): string => {
  const s = formatYuan(fen(amount) as Fen);
  const negative = s.startsWith('-');
  const [whole = '0', cents = '00'] = (negative ? s.slice(1) : s).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
};

/** 1000000 → '10,000.00元' */
export const yuanZh = (amount: number): string => `${yuanGrouped(amount)}元`;
