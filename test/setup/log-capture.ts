import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, inject } from 'vitest';
import { redactPersonalData } from '../../packages/kernel/src/redact';
import { LOG_CAPTURE_DIR_ENV, stripAnsi, TEST_MARKER_PREFIX } from '../support/log-scan';

/**
 * Per worker (a setup file: it runs in the worker before each test file): everything the code
 * under test writes to the logs goes to `${TALENT_LOG_CAPTURE_DIR}/worker-<pid>.log`, which the
 * global teardown (log-scan-teardown.ts) scans for personal data. Captured:
 * - process.stdout / process.stderr writes — the Powertools Logger of the handlers (also the
 *   local stack's in-process handlers) writes its JSON lines there through its own Console;
 * - vitest's console (console.* of tests and of code under test, e.g. the local gateway).
 * JSON log lines (Powertools) go to the file only, to keep the terminal readable; every other
 * write also passes through to the terminal as before.
 */

const CAPTURED = Symbol.for('talent.logCapture');
type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;
interface Capture {
  readonly fd: number;
  /** Whether the last write ended a line (a test marker then needs no line break first). */
  atLineStart: boolean;
  readonly file: string;
  readonly streams: WeakSet<object>;
}
const processState = process as unknown as { [CAPTURED]?: Capture };

/** A Powertools log record: a JSON object with a level and a timestamp. */
const isJsonLogLine = (line: string): boolean => {
  if (!line.startsWith('{') || !line.endsWith('}')) return false;
  try {
    const value = JSON.parse(line) as unknown;
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { level?: unknown }).level === 'string' &&
      'timestamp' in value
    );
  } catch {
    return false;
  }
};

/** True when the chunk holds only JSON log lines (one per line, or one indented record). */
export const onlyJsonLogLines = (text: string): boolean => {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  if (isJsonLogLine(trimmed.replace(/\n\s*/g, ''))) return true;
  return trimmed.split('\n').every((line) => isJsonLogLine(line.trim()));
};

const chunkText = (chunk: unknown, encoding: unknown): string => {
  if (typeof chunk === 'string') {
    return typeof encoding === 'string' && encoding !== 'utf8' && Buffer.isEncoding(encoding)
      ? Buffer.from(chunk, encoding).toString('utf8')
      : chunk;
  }
  if (chunk instanceof Uint8Array) return Buffer.from(chunk).toString('utf8');
  return String(chunk);
};

const tap = (capture: Capture, stream: { write: Write } | undefined): void => {
  if (!stream || typeof stream.write !== 'function' || capture.streams.has(stream)) return;
  capture.streams.add(stream);
  const original = stream.write;
  stream.write = function capturedWrite(this: unknown, chunk, encoding, callback) {
    const text = chunkText(chunk, encoding);
    try {
      writeSync(capture.fd, stripAnsi(text));
      if (text !== '') capture.atLineStart = text.endsWith('\n');
    } catch {
      // The capture must never break the code under test; a lost line shows as a gap only.
    }
    if (onlyJsonLogLines(text)) {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }
    return original.call(this, chunk, encoding, callback);
  };
};

const captureDir = (): string => {
  const dir = process.env[LOG_CAPTURE_DIR_ENV] || inject('logCaptureDir');
  if (!dir) throw new Error(`${LOG_CAPTURE_DIR_ENV} is not set: test/setup/log-scan-teardown.ts must run`);
  // Child processes spawned by tests (test/proof/support/child-stack.ts) find it here.
  process.env[LOG_CAPTURE_DIR_ENV] = dir;
  return dir;
};

const install = (): Capture => {
  const existing = processState[CAPTURED];
  if (existing) return existing;
  const dir = captureDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `worker-${process.pid}.log`);
  const capture: Capture = { fd: openSync(file, 'a'), atLineStart: true, file, streams: new WeakSet() };
  processState[CAPTURED] = capture;
  process.once('exit', () => closeSync(capture.fd));
  tap(capture, process.stdout as unknown as { write: Write });
  tap(capture, process.stderr as unknown as { write: Write });
  return capture;
};

const capture = install();
// vitest's console (it may be replaced per file) writes to its own streams, not to process.stdout.
const consoleStreams = console as unknown as { _stdout?: { write: Write }; _stderr?: { write: Write } };
tap(capture, consoleStreams._stdout);
tap(capture, consoleStreams._stderr);

/**
 * The line naming the test that writes the lines that follow (the scan reports it with a finding).
 * Test names may quote a published example ID (kernel tests): masked, the marker is no finding.
 */
export const testMarker = (file: string, test: string): string =>
  `${TEST_MARKER_PREFIX}${redactPersonalData(`${file} > ${test}`)}\n`;

beforeEach((context) => {
  const marker = testMarker(context.task.file.name, context.task.name);
  writeSync(capture.fd, capture.atLineStart ? marker : `\n${marker}`);
  capture.atLineStart = true;
});
