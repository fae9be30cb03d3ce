import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EDUCATION_LEVEL_LABELS,
  EDUCATION_LEVELS,
  educationAtLeast,
  isEducationLevel,
  isProfessionalTitle,
  isSkillLevel,
  PROFESSIONAL_TITLE_LABELS,
  PROFESSIONAL_TITLES,
  SKILL_LEVEL_LABELS,
  SKILL_LEVELS,
  type SkillLevel,
  skillLevelAtLeast,
  titleAtLeast,
} from '../src/skills';

describe('skill levels', () => {
  it('are ordered from 初级工 to 首席技师', () => {
    expect(SKILL_LEVELS).toEqual(['初级工', '中级工', '高级工', '技师', '高级技师', '特级技师', '首席技师']);
  });

  it('"or above" includes the minimum itself and everything higher', () => {
    expect(skillLevelAtLeast('技师', '技师')).toBe(true);
    expect(skillLevelAtLeast('高级技师', '技师')).toBe(true);
    expect(skillLevelAtLeast('首席技师', '特级技师')).toBe(true);
    expect(skillLevelAtLeast('高级工', '技师')).toBe(false);
    expect(skillLevelAtLeast('初级工', '中级工')).toBe(false);
  });

  it('property: skillLevelAtLeast follows the list order', () => {
    const level = fc.constantFrom<SkillLevel>(...SKILL_LEVELS);
    fc.assert(
      fc.property(level, level, (a, b) => {
        expect(skillLevelAtLeast(a, b)).toBe(SKILL_LEVELS.indexOf(a) >= SKILL_LEVELS.indexOf(b));
      }),
    );
  });

  it('throws RangeError for a value that is not on the scale', () => {
    expect(() => skillLevelAtLeast('大师' as SkillLevel, '技师')).toThrow(RangeError);
  });
});

describe('professional titles', () => {
  it('compare 初级 < 中级 < 副高级 < 正高级', () => {
    expect(PROFESSIONAL_TITLES).toEqual(['初级', '中级', '副高级', '正高级']);
    expect(titleAtLeast('正高级', '副高级')).toBe(true);
    expect(titleAtLeast('副高级', '副高级')).toBe(true);
    expect(titleAtLeast('中级', '副高级')).toBe(false);
  });
});

describe('education levels', () => {
  it('compare 初中 < 高中 < 中专 < 大专 < 本科 < 硕士 < 博士', () => {
    expect(EDUCATION_LEVELS).toEqual(['初中', '高中', '中专', '大专', '本科', '硕士', '博士']);
    expect(educationAtLeast('硕士', '本科')).toBe(true);
    expect(educationAtLeast('本科', '本科')).toBe(true);
    expect(educationAtLeast('大专', '本科')).toBe(false);
  });
});

describe('labels and guards', () => {
  it('label every level in English', () => {
    expect(SKILL_LEVEL_LABELS.高级技师).toBe('senior technician');
    expect(PROFESSIONAL_TITLE_LABELS.正高级).toBe('full senior');
    expect(EDUCATION_LEVEL_LABELS.博士).toBe('doctorate');
    expect(Object.keys(SKILL_LEVEL_LABELS)).toEqual([...SKILL_LEVELS]);
    expect(Object.keys(PROFESSIONAL_TITLE_LABELS)).toEqual([...PROFESSIONAL_TITLES]);
    expect(Object.keys(EDUCATION_LEVEL_LABELS)).toEqual([...EDUCATION_LEVELS]);
    const labels = [SKILL_LEVEL_LABELS, PROFESSIONAL_TITLE_LABELS, EDUCATION_LEVEL_LABELS].flatMap(
      Object.values,
    );
    expect(labels.every((l) => /^[a-z][a-z' -]+$/.test(l))).toBe(true);
  });

  it('recognise members of each scale only', () => {
    expect(isSkillLevel('技师')).toBe(true);
    expect(isSkillLevel('初级')).toBe(false);
    expect(isProfessionalTitle('初级')).toBe(true);
    expect(isProfessionalTitle('技师')).toBe(false);
    expect(isEducationLevel('本科')).toBe(true);
    expect(isEducationLevel(42)).toBe(false);
  });
});
