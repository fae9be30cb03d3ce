/** Excel serial dates and number formats. */

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Built-in number formats that show dates (incl. the zh-CN ones 27–31, 36, 50–58) or times. */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_TIME_IDS = new Set([18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]);

export type DateKind = 'date' | 'datetime' | 'time';

/** Whether a number format shows a date, a date and time, a time — or nothing of the kind. */
export const dateKindOf = (numFmtId: number, formatCode: string | undefined): DateKind | undefined => {
  if (formatCode === undefined) {
    if (numFmtId === 22) return 'datetime';
    if (BUILTIN_DATE_IDS.has(numFmtId)) return 'date';
    if (BUILTIN_TIME_IDS.has(numFmtId)) return 'time';
    return undefined;
  }
  // Only the first section counts; quoted text, escapes and [colour]/[$-804]/[DBNum1] go (but not [h]/[mm]/[ss]).
  const code = (formatCode.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .toLowerCase();
  const hasDate = /[yd]/.test(code) || (/m/.test(code) && !/[hs]/.test(code) && !/[0#?]/.test(code));
  const hasTime = /[hs]|\[[hms]+\]|am\/pm|a\/p/.test(code);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime && !/[0#?]/.test(code.replace(/\[[hms]+\]/g, '').replace(/s\.0+/g, 's'))) return 'time';
  return undefined;
};

/** An Excel serial (1900 system with its phantom 29 February, or the 1904 system) → epoch ms (UTC). */
const serialToMs = (serial: number, date1904: boolean): number => {
  const seconds = Math.round(serial * 86_400);
  if (date1904) return Date.UTC(1904, 0, 1) + seconds * 1000;
  // Serials before 1 March 1900 count from 31 December 1899 (Excel believes 1900 was a leap year).
  const base = serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return base + seconds * 1000;
};

export const formatSerial = (serial: number, kind: DateKind, date1904: boolean): string => {
  if (kind === 'time') {
    const s = Math.round((serial - Math.floor(serial)) * 86_400) % 86_400;
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  }
  const d = new Date(serialToMs(serial, date1904));
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (kind === 'date' || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0))
    return date;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** 'YYYY-MM-DD' → Excel serial (1900 system), or undefined when the text is not a real date. */
export const isoDateToSerial = (text: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  if (y < 1900 || (y === 1900 && mo < 3)) return undefined;
  return (ms - Date.UTC(1899, 11, 30)) / DAY_MS;
};
