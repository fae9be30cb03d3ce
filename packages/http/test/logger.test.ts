import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../src/logger';

// Unit: the shared logger masks personal data in what it prints, strings and numbers alike.

afterEach(() => vi.restoreAllMocks());

const printed = (log: () => void): string => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  log();
  spy.mockRestore();
  return lines.join('');
};

describe('logger (X-RESIDENT-ID)', () => {
  it('masks a phone or resident ID logged as a string or as a number, and keeps request ids whole', () => {
    const out = printed(() =>
      logger.info('contact', {
        phone: 13812345678,
        text: 'id 110105194912310021',
        requestId: '5ffce979-c63a-4c05-abde-c19613812902',
        fen: 1000000,
      }),
    );
    expect(out).toContain('"phone":"138****5678"');
    expect(out).toContain('110105********0021');
    expect(out).not.toContain('13812345678');
    expect(out).not.toContain('110105194912310021');
    expect(out).toContain('5ffce979-c63a-4c05-abde-c19613812902');
    expect(out).toContain('"fen":1000000');
  });
});
