import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { maskPhone } from '../../packages/kernel/src/phone';
import { maskResidentId, parseResidentId } from '../../packages/kernel/src/resident-id';

/**
 * The personal-data scan of the test run's logs (X-RESIDENT-ID: never log resident IDs or phone
 * numbers). A match needs more than a digit pattern, so that the digit runs every log is full of
 * (timestamps, ids, fen amounts, hashes) do not raise false alarms:
 * - resident ID: 17 digits and a digit or X, not part of a longer run of digits or letters, that
 *   the kernel's validator (GB 11643: region, birth date, ISO 7064 check digit) accepts;
 * - mainland mobile number: 1[3-9] and 9 digits (or written 3-4-4 with spaces or dashes, or after
 *   +86), not part of a longer run of digits or letters, nor the fraction of a decimal number.
 * Masked forms (110105********1234, 138****5678) contain no such run and are not findings.
 */

export type PersonalDataKind = 'resident-id' | 'phone';

export interface PersonalDataMatch {
  readonly kind: PersonalDataKind;
  /** The value masked (maskResidentId / maskPhone): safe to print. */
  readonly masked: string;
  /** 1-based column of the match in the line. */
  readonly column: number;
}

export interface LogFinding extends PersonalDataMatch {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The last test marker written before the line (see test/setup/log-capture.ts), if any. */
  readonly during?: string;
}

export interface LogScanSummary {
  readonly files: number;
  readonly lines: number;
  readonly bytes: number;
  /** JSON log lines (Powertools) by level. */
  readonly levels: Readonly<Record<string, number>>;
  readonly findings: readonly LogFinding[];
}

/** The run's capture directory, for the workers and the child processes they spawn. */
export const LOG_CAPTURE_DIR_ENV = 'TALENT_LOG_CAPTURE_DIR';

/** Lines the capture writes to say which test file / test produced the lines that follow. */
export const TEST_MARKER_PREFIX = '#vitest ';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Removes terminal colour codes (console output of objects is coloured). */
export const stripAnsi = (text: string): string => text.replace(ANSI, '');

const BOUNDARY_BEFORE = '(?<![0-9A-Za-z])(?<![0-9]\\.)';
const BOUNDARY_AFTER = '(?![0-9A-Za-z])';
const RESIDENT_ID = new RegExp(`${BOUNDARY_BEFORE}([0-9]{17}[0-9Xx])${BOUNDARY_AFTER}`, 'g');
const MOBILE = new RegExp(
  `(?:${BOUNDARY_BEFORE}|(?<=\\+86[ -]?))(1[3-9][0-9](?:[0-9]{8}|-[0-9]{4}-[0-9]{4}| [0-9]{4} [0-9]{4}))${BOUNDARY_AFTER}`,
  'g',
);
/** Far enough ahead that a birth date in a test's virtual future still counts. */
const VALIDATION_TODAY = '2099-12-31';

/** Every resident ID and mobile number in one line of text (ANSI colour codes are ignored). */
export const findPersonalData = (text: string): PersonalDataMatch[] => {
  const line = stripAnsi(text);
  const found: PersonalDataMatch[] = [];
  for (const m of line.matchAll(RESIDENT_ID)) {
    const value = m[1] ?? '';
    if (parseResidentId(value, VALIDATION_TODAY).ok) {
      found.push({ kind: 'resident-id', masked: maskResidentId(value), column: m.index + 1 });
    }
  }
  for (const m of line.matchAll(MOBILE)) {
    const value = m[1] ?? '';
    found.push({ kind: 'phone', masked: maskPhone(value), column: m.index + 1 });
  }
  return found.sort((a, b) => a.column - b.column);
};

const LEVEL = /^\s*\{.*?"level":"([A-Z]+)"/;

/** Scans one log file line by line (streaming: capture files can be large). */
export const scanLogFile = async (
  file: string,
): Promise<{ lines: number; bytes: number; levels: Record<string, number>; findings: LogFinding[] }> => {
  const findings: LogFinding[] = [];
  const levels: Record<string, number> = {};
  let lines = 0;
  let during: string | undefined;
  const input = createReadStream(file, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of reader) {
    lines++;
    if (text.startsWith(TEST_MARKER_PREFIX)) during = text.slice(TEST_MARKER_PREFIX.length);
    const level = LEVEL.exec(text)?.[1];
    if (level !== undefined) levels[level] = (levels[level] ?? 0) + 1;
    for (const match of findPersonalData(text)) {
      findings.push({ ...match, file, line: lines, ...(during !== undefined ? { during } : {}) });
    }
  }
  return { lines, bytes: statSync(file).size, levels, findings };
};

/** Scans every file of a capture directory (not recursive). */
export const scanLogDirectory = async (dir: string): Promise<LogScanSummary> => {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(dir, e.name))
    .sort();
  let lines = 0;
  let bytes = 0;
  const levels: Record<string, number> = {};
  const findings: LogFinding[] = [];
  for (const file of files) {
    const result = await scanLogFile(file);
    lines += result.lines;
    bytes += result.bytes;
    for (const [level, n] of Object.entries(result.levels)) levels[level] = (levels[level] ?? 0) + n;
    findings.push(...result.findings);
  }
  return { files: files.length, lines, bytes, levels, findings };
};

/** One line per finding; prints only the masked value, never the personal data itself. */
export const formatFinding = (f: LogFinding): string =>
  `${f.file}:${f.line}:${f.column}: ${f.kind} ${f.masked}${f.during ? ` (during ${f.during})` : ''}`;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const formatSummary = (dir: string, s: LogScanSummary): string => {
  const levels = Object.entries(s.levels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([level, n]) => `${level} ${n}`)
    .join(', ');
  const verdict =
    s.findings.length === 0
      ? 'no resident ID or phone number found'
      : `${s.findings.length} resident ID/phone number finding(s)`;
  return `[log-scan] ${verdict}: scanned ${s.files} files, ${s.lines} lines, ${megabytes(s.bytes)} (${s.bytes} bytes) in ${dir}${levels ? `; JSON log lines by level: ${levels}` : ''}`;
};
