import { describe, expect, it } from 'vitest';
import { isPersonName } from '../src/names';

describe('isPersonName', () => {
  it('accepts Han names of two or more characters', () => {
    for (const name of ['张三', '欧阳修', ' 李明 ', '𠮷野家']) expect(isPersonName(name), name).toBe(true);
  });

  it('accepts transliterated names joined by the middle dot U+00B7', () => {
    expect(isPersonName('阿卜杜拉·买买提')).toBe(true);
    expect(isPersonName('爱新觉罗·溥仪')).toBe(true);
    expect(isPersonName('约翰·大卫·史密斯')).toBe(true);
  });

  it('accepts Latin names with spaces, hyphens and apostrophes', () => {
    for (const name of ['John Smith', 'Mary-Jane Watson', "Conan O'Brien", 'Zoë Dubé', 'Li']) {
      expect(isPersonName(name), name).toBe(true);
    }
  });

  it('rejects names shorter than 2 or longer than 50 characters', () => {
    expect(isPersonName('李')).toBe(false);
    expect(isPersonName('   ')).toBe(false);
    expect(isPersonName('')).toBe(false);
    expect(isPersonName('张'.repeat(50))).toBe(true);
    expect(isPersonName('张'.repeat(51))).toBe(false);
  });

  it('rejects digits, leading, trailing or doubled dots, and other punctuation', () => {
    for (const bad of [
      '张三1',
      '·张三',
      '张三·',
      '阿卜杜拉··买买提',
      '张 三',
      '张.三',
      'John  Smith',
      '-John',
      "John'",
      'J0hn',
    ]) {
      expect(isPersonName(bad), bad).toBe(false);
    }
  });

  it('rejects mixed scripts and other middle-dot look-alikes', () => {
    expect(isPersonName('张John')).toBe(false);
    expect(isPersonName('阿卜杜拉•买买提')).toBe(false); // U+2022 bullet
    expect(isPersonName('John·Smith')).toBe(false);
  });
});
