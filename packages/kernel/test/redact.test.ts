import { describe, expect, it } from 'vitest';
import { redactLogValue, redactPersonalData } from '../src/redact';

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

  it('leaves request ids (UUIDs) whole, though their hex groups hold phone-shaped digit runs', () => {
    // Both were mangled before: an 11-digit run after a hex letter, and 166-4xxx-8018 across groups.
    const ids = ['5ffce979-c63a-4c05-abde-c19613812902', 'f48cc553-a166-4180-8018-04620b325005'];
    for (const id of ids) expect(redactPersonalData(`{"function_request_id":"${id}"}`)).toContain(id);
    expect(redactPersonalData('5ffce979-c63a-4c05-abde-c19613812902 call 13812345678')).toBe(
      '5ffce979-c63a-4c05-abde-c19613812902 call 138****5678',
    );
  });

  it('redacts a phone or resident ID logged as a number, and leaves other values alone (X-RESIDENT-ID)', () => {
    expect(redactLogValue(13812345678)).toBe('138****5678');
    expect(redactLogValue(110105194912310021n)).toBe('110105********0021');
    expect(redactLogValue(1000000)).toBe(1000000);
    expect(redactLogValue('call 13812345678')).toBe('call 138****5678');
    expect(redactLogValue(true)).toBe(true);
  });
});
