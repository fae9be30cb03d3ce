import { daysBetween, type IsoDate } from '@talent/kernel';

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
const dayOfWeek = (d: IsoDate): number => (((daysBetween('1970-01-01', d) + 4) % 7) + 7) % 7;

/** Saturday or Sunday (公休日). */
export const isWeekend = (d: IsoDate): boolean => {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
};
