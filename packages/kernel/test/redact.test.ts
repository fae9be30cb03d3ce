import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../src/redact';

describe('redactPersonalData (X-RESIDENT-ID)', () => {
  it('masks resident IDs wherever they stand in a text', () => {
    expect(redactPersonalData('GET /nominations/11010519491231002X 404')).toBe(
      'GET /nominations/110105********002X 404',
    );
    expect(redactPersonalData('id=110105194912310021;')).toBe('id=110105********0021;');
  });

  it('masks mobile numbers, also written with spaces or dashes', () => {
    expect(redactPersonalData('call 13812345678')).toBe('call 138****5678');
    expect(redactPersonalData('call 138 1234 5678')).toBe('call 138****5678');
    expect(redactPersonalData('call +86 138-1234-5678')).toBe('call +86 138****5678');
  });

  it('leaves other numbers alone', () => {
    expect(redactPersonalData('total 1000000 fen, 12 items, year 2026')).toBe(
      'total 1000000 fen, 12 items, year 2026',
    );
  });
});
