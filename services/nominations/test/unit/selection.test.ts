import { findProgramme } from '@talent/catalogue';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsReview, listStage, planStages, reviewOpen, reviewStages } from '../../src/lifecycle/stages';
import {
  holdsClaim,
  maskContact,
  maskName,
  meanScore,
  publicityPeriod,
  rank,
  reviewersDisagree,
  withinPeriod,
} from '../../src/selection';
import { publicityHold } from '../../src/use-cases/lifecycle';
import { quotaLimit } from '../../src/use-cases/lists';

// Unit: the selection rules that need no storage.

const stagesOf = (programmeId: string, input = {}) => {
  const programme = findProgramme(programmeId);
  if (!programme) throw new Error(programmeId);
  return planStages(programme, 2026, input);
};

const candidate = (id: string, scores: number[], submittedAt = '2026-03-01T00:00:00.000Z') => ({
  nominationId: id,
  submittedAt,
  decision: {
    outcome: 'recommend' as const,
    reasons: '',
    by: 'a',
    at: '',
    round: 1,
    scores,
    meanScore: meanScore(scores),
    moderation: false,
  },
});

describe('ranking of the provisional list', () => {
  it('ranks by mean score, highest first, whatever the number of reviews', () => {
    const ranked = rank([candidate('a', [85, 85.1]), candidate('b', [85.1]), candidate('c', [90])]);
    expect(ranked.map((c) => c.nominationId)).toEqual(['c', 'b', 'a']);
    expect(meanScore([85, 85.1])).toBe(85.05);
  });

  it('ranks equal means by submission time, then by id: the same candidates always rank the same', () => {
    const ranked = rank([
      candidate('b', [80], '2026-03-02T00:00:00.000Z'),
      candidate('c', [80], '2026-03-01T00:00:00.000Z'),
      candidate('a', [80], '2026-03-01T00:00:00.000Z'),
    ]);
    expect(ranked.map((c) => c.nominationId)).toEqual(['a', 'c', 'b']);
  });

  it('gives the same ranking in whatever order the candidates come (property)', () => {
    const scores = fc.array(
      fc.integer({ min: 0, max: 1000 }).map((t) => t / 10),
      { minLength: 1, maxLength: 2 },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), scores }), {
          selector: (c) => c.id,
          maxLength: 12,
        }),
        (cs) => {
          const items = cs.map((c) => candidate(c.id, c.scores));
          const once = rank(items).map((c) => c.nominationId);
          expect(rank([...items].reverse()).map((c) => c.nominationId)).toEqual(once);
        },
      ),
    );
  });
});

describe('category quota through the rule engine (JS-CATEGORIES, BJ-ROUND)', () => {
  it('enforces Jiangsu’s 100 per category (JS-CATEGORIES)', () => {
    const js = findProgramme('jiangsu-excellent-technicians');
    expect(js && quotaLimit(js, 'A')).toEqual({ ruleId: 'JS-CATEGORIES', limit: 100, perYear: 100 });
  });

  it('enforces no limit for Beijing’s approximate quotas: 左右 is reported (BJ-ROUND)', () => {
    const bj = findProgramme('beijing-craftsman-teachers');
    expect(bj && quotaLimit(bj, 'team')).toBeUndefined();
  });
});

describe('review stages and the list stage of each calendar', () => {
  it('reviews in the review stages; Jiangsu, without one, in its nomination stage', () => {
    expect(
      reviewStages(stagesOf('beijing-craftsman-teachers', { publicity: { workingDays: 5 } })).map(
        (s) => s.id,
      ),
    ).toEqual(['qualification-review', 'expert-review']);
    expect(reviewStages(stagesOf('jiangsu-excellent-technicians')).map((s) => s.id)).toEqual(['nomination']);
    expect(reviewOpen(stagesOf('jiangsu-excellent-technicians'))).toBe(false);
  });

  it('ends the review in the last of a run of review stages (BJ-SELECTION-FLOW)', () => {
    const stages = stagesOf('beijing-craftsman-teachers', { publicity: { workingDays: 5 } });
    const byId = (id: string) => stages.find((s) => s.id === id) as (typeof stages)[number];
    expect(endsReview(stages, byId('qualification-review'))).toBe(false);
    expect(endsReview(stages, byId('expert-review'))).toBe(true);
    expect(endsReview(stages, byId('provisional-list'))).toBe(false);
  });

  it('draws the list in the provisional-list stage, else at the end of the review (GD-APPLY-FLOW)', () => {
    expect(listStage(stagesOf('beijing-craftsman-teachers', { publicity: { workingDays: 5 } }))?.id).toBe(
      'provisional-list',
    );
    expect(listStage(stagesOf('guangdong-diploma-technician'))?.id).toBe('evaluation');
    expect(listStage(stagesOf('zhuhai-new-craftsmen'))?.id).toBe('review');
    expect(listStage(stagesOf('jiangsu-excellent-technicians'))?.id).toBe('nomination');
  });
});

describe('publicity (X-PUBLICITY)', () => {
  const open = {
    kind: 'publicity',
    status: 'open',
    openedAt: '2026-04-30T02:00:00.000Z',
    endsOn: '2026-05-09',
  } as const;

  it('runs from the Shanghai day it opened to its last day, both included', () => {
    const period = publicityPeriod({ ...open, id: 'p', nameZh: '', nameEn: '', closesBy: 'deadline' });
    expect(period).toEqual({ startsOn: '2026-04-30', endsOn: '2026-05-09' });
    expect(period && withinPeriod(period, '2026-04-29')).toBe(false);
    expect(period && withinPeriod(period, '2026-04-30')).toBe(true);
    expect(period && withinPeriod(period, '2026-05-09')).toBe(true);
    expect(period && withinPeriod(period, '2026-05-10')).toBe(false);
    expect(withinPeriod({ startsOn: '2026-04-30', endsOn: null }, '2027-01-01')).toBe(true);
  });

  it('holds a publicity stage while any objection is unresolved, and no other stage (X-PUBLICITY)', () => {
    expect(publicityHold({ kind: 'publicity' }, 1)).toBe(true);
    expect(publicityHold({ kind: 'school-publicity' }, 3)).toBe(true);
    expect(publicityHold({ kind: 'publicity' }, 0)).toBe(false);
    expect(publicityHold({ kind: 'review' }, 2)).toBe(false);
  });

  it('masks the objector’s name and contact', () => {
    expect(maskName('赵市民')).toBe('赵**');
    expect(maskName('Li')).toBe('L*');
    expect(maskContact('13912345678')).toBe('139****5678');
    expect(maskContact('zhao.sm@example.com')).toBe('z******@example.com');
  });
});

describe('review and claims', () => {
  it('sees a disagreement in the recommendation or the qualification', () => {
    expect(reviewersDisagree([{ recommendation: 'recommend', qualificationPassed: true }])).toBe(false);
    expect(
      reviewersDisagree([
        { recommendation: 'recommend', qualificationPassed: true },
        { recommendation: 'not-recommend', qualificationPassed: true },
      ]),
    ).toBe(true);
    expect(
      reviewersDisagree([
        { recommendation: 'recommend', qualificationPassed: true },
        { recommendation: 'recommend', qualificationPassed: false },
      ]),
    ).toBe(true);
  });

  it('frees the person’s place only when withdrawn (P-ONE-NOMINATION-PER-CYCLE)', () => {
    expect(holdsClaim('withdrawn')).toBe(false);
    for (const s of [
      'draft',
      'submitted',
      'returned',
      'not-recommended',
      'not-listed',
      'removed',
      'official',
    ] as const) {
      expect(holdsClaim(s)).toBe(true);
    }
  });
});
