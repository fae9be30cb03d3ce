import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { logger } from '../../packages/http/src/logger';
import { maskPhone } from '../../packages/kernel/src/phone';
import { redactPersonalData } from '../../packages/kernel/src/redact';
import { maskResidentId } from '../../packages/kernel/src/resident-id';
import { onlyJsonLogLines, testMarker } from '../setup/log-capture';
import {
  findPersonalData,
  formatFinding,
  LOG_CAPTURE_DIR_ENV,
  scanLogDirectory,
  TEST_MARKER_PREFIX,
} from '../support/log-scan';
import { residentIdFor, withBadCheckDigit } from '../support/people';

// Test values are built at run time, never written out, so that no source line carries one.
const residentId = residentIdFor('1985-06-15', 123);
const residentIdX = (() => {
  for (let seq = 0; seq < 1000; seq++) {
    const id = residentIdFor('1990-02-28', seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no resident ID with check character X');
})();
const phone = ['138', '1234', '5678'].join('');
const jsonLine = (fields: Record<string, unknown>): string =>
  JSON.stringify({ level: 'INFO', message: 'request', timestamp: '2026-03-01T08:00:00.000Z', ...fields });

describe('log scan: resident IDs (X-RESIDENT-ID)', () => {
  it('finds a valid resident ID in a JSON log line, masked', () => {
    const found = findPersonalData(jsonLine({ residentId, service: 'nominations' }));
    expect(found).toEqual([
      expect.objectContaining({ kind: 'resident-id', masked: maskResidentId(residentId) }),
    ]);
    expect(found[0]?.masked).not.toContain(residentId.slice(6, 14));
  });

  it('finds one with the check character X, in either case, and in free text', () => {
    expect(findPersonalData(`person ${residentIdX} enrolled`)).toHaveLength(1);
    expect(findPersonalData(`id=${residentIdX.toLowerCase()};`)).toHaveLength(1);
  });

  it('does not flag the same digits with a wrong check digit', () => {
    expect(findPersonalData(jsonLine({ residentId: withBadCheckDigit(residentId) }))).toEqual([]);
    expect(findPersonalData(jsonLine({ residentId: withBadCheckDigit(residentIdX) }))).toEqual([]);
  });

  it('does not flag a valid ID inside a longer digit or letter run, or as a decimal fraction', () => {
    expect(findPersonalData(`9${residentId}`)).toEqual([]);
    expect(findPersonalData(`${residentId}7`)).toEqual([]);
    expect(findPersonalData(`abc${residentId}def`)).toEqual([]);
    expect(findPersonalData(`0.${residentId}`)).toEqual([]);
  });

  it('does not flag masked forms (maskResidentId, the logger redaction)', () => {
    expect(findPersonalData(jsonLine({ residentId: maskResidentId(residentId) }))).toEqual([]);
    expect(findPersonalData(redactPersonalData(`owner ${residentId} of ${residentIdX}`))).toEqual([]);
    expect(findPersonalData('110105********1234')).toEqual([]);
  });

  it('does not flag random 18-digit runs that fail GB 11643 (e.g. ids, nanosecond timestamps)', () => {
    // 1e17 + …: region 10 is not a province; a nanosecond epoch (17xx…) has no valid birth date.
    expect(findPersonalData('{"id":"100000000000000017","ns":"177235200012345678"}')).toEqual([]);
  });
});

describe('log scan: mobile numbers', () => {
  it('finds a mobile number in a log line, masked', () => {
    const found = findPersonalData(jsonLine({ contact: phone }));
    expect(found).toEqual([expect.objectContaining({ kind: 'phone', masked: maskPhone(phone) })]);
    expect(found[0]?.masked).toBe('138****5678');
  });

  it('finds one written 3-4-4, with +86, and as a JSON number', () => {
    expect(findPersonalData('tel 138-1234-5678')).toHaveLength(1);
    expect(findPersonalData('tel 138 1234 5678')).toHaveLength(1);
    expect(findPersonalData(`tel +86${phone}`)).toHaveLength(1);
    expect(findPersonalData(`{"phone":${phone}}`)).toHaveLength(1);
  });

  it('does not flag a phone-shaped run inside a longer digit run (timestamps, ids, fen amounts)', () => {
    expect(findPersonalData(`{"ts":1${phone},"amountFen":${phone}00}`)).toEqual([]);
    expect(findPersonalData(`nom_${phone}9 x${phone}`)).toEqual([]);
    expect(findPersonalData(`ratio 0.${phone}`)).toEqual([]);
    expect(findPersonalData('12345678901 10012345678')).toEqual([]); // 12…, 10…: no mobile prefix
  });

  it('does not flag masked forms (maskPhone, the logger redaction)', () => {
    expect(findPersonalData(jsonLine({ phone: maskPhone(phone) }))).toEqual([]);
    expect(findPersonalData(redactPersonalData(`call ${phone} or 139-8765-4321`))).toEqual([]);
    expect(findPersonalData('138****5678')).toEqual([]);
  });

  it('never flags digit runs of other lengths, whatever their digits', () => {
    const run = fc
      .integer({ min: 1, max: 30 })
      .filter((n) => n !== 11 && n !== 18)
      .chain((n) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(run, (digits) => {
        expect(findPersonalData(`{"n":"${digits.join('')}"}`)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('log scan: files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports file, line, kind, masked value and the test that wrote it; counts lines and bytes', async () => {
    const worker = [
      `${TEST_MARKER_PREFIX}a.test.ts > first`,
      jsonLine({ status: 200 }),
      `${TEST_MARKER_PREFIX}a.test.ts > second`,
      `\u001b[32m'${residentId}'\u001b[39m`,
      JSON.stringify({ level: 'WARN', message: `call ${phone}`, timestamp: 't' }),
    ].join('\n');
    writeFileSync(join(dir, 'worker-1.log'), `${worker}\n`);
    writeFileSync(join(dir, 'child-2.log'), `GET /people/${maskResidentId(residentId)} 200 3ms\n`);

    const summary = await scanLogDirectory(dir);
    expect(summary).toMatchObject({ files: 2, lines: 6, levels: { INFO: 1, WARN: 1 } });
    expect(summary.bytes).toBe(
      Buffer.byteLength(`${worker}\n`) + Buffer.byteLength(readFileSync(join(dir, 'child-2.log'))),
    );
    expect(summary.findings.map((f) => [f.file, f.line, f.kind, f.masked, f.during])).toEqual([
      [join(dir, 'worker-1.log'), 4, 'resident-id', maskResidentId(residentId), 'a.test.ts > second'],
      [join(dir, 'worker-1.log'), 5, 'phone', maskPhone(phone), 'a.test.ts > second'],
    ]);
    const printed = summary.findings.map(formatFinding).join('\n');
    expect(printed).not.toContain(residentId);
    expect(printed).not.toContain(phone);
  });
});

describe('log capture (test/setup/log-capture.ts)', () => {
  it('tells JSON log lines (terminal: no) from other output (terminal: yes)', () => {
    expect(onlyJsonLogLines(`${jsonLine({})}\n`)).toBe(true);
    expect(onlyJsonLogLines(`${jsonLine({})}\n${jsonLine({ a: 1 })}\n`)).toBe(true);
    expect(onlyJsonLogLines(`${JSON.stringify(JSON.parse(jsonLine({ a: 1 })), null, 4)}\n`)).toBe(true);
    expect(onlyJsonLogLines('GET /health 200 1ms\n')).toBe(false);
    expect(onlyJsonLogLines('{"not":"a log record"}\n')).toBe(false);
    expect(onlyJsonLogLines(`${jsonLine({})}\nplain text\n`)).toBe(false);
  });

  it('masks personal data in the test names it writes as markers', () => {
    const marker = testMarker('kernel.test.ts', `accepts the published example ${residentId} (${phone})`);
    expect(marker.startsWith(TEST_MARKER_PREFIX)).toBe(true);
    expect(marker).toContain(maskResidentId(residentId));
    expect(findPersonalData(marker)).toEqual([]);
  });

  it('writes the handlers’ logger output (at the production level, INFO) to this worker’s capture file', () => {
    const dir = process.env[LOG_CAPTURE_DIR_ENV];
    expect(dir).toBeTruthy();
    expect(logger.getLevelName()).toBe('INFO');
    const token = `capture-probe-${process.pid}-${Date.now().toString(36)}`;
    logger.info('capture probe', { token });
    console.log(`log-capture probe, expected output: console ${token}`);
    process.stderr.write(`log-capture probe, expected output: stderr ${token}\n`);
    const captured = readFileSync(join(dir ?? '', `worker-${process.pid}.log`), 'utf8');
    const line = captured.split('\n').find((l) => l.includes(token) && l.startsWith('{'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'INFO', message: 'capture probe', token });
    expect(captured).toContain(`console ${token}`);
    expect(captured).toContain(`stderr ${token}`);
  });

  it('hands the capture directory to child processes', () => {
    const seen = execFileSync(
      process.execPath,
      ['-e', `process.stdout.write(process.env.${LOG_CAPTURE_DIR_ENV} ?? '')`],
      {
        encoding: 'utf8',
      },
    );
    expect(seen).toBe(process.env[LOG_CAPTURE_DIR_ENV]);
    expect(seen).toMatch(/\.test-logs[/\\][^/\\]+$/);
  });
});
