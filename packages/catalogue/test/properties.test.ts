import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExpenseLine,
  evaluate,
  type GroupMember,
  gradeQuotaLimit,
  type NominationContext,
  type PairingContext,
} from '../src/index';
import { guangdong, jiangsu, lishui } from './helpers';

// Properties of the ratio rules: whatever the figures, the engine's answer equals the seed's arithmetic.

const blocks = (ruleId: string, r: ReturnType<typeof evaluate>) =>
  r.violations.some((v) => v.ruleId === ruleId);

describe('ratio rules (properties)', () => {
  it('property: pairings accepted one by one never give a master more than 10 apprentices in a stage (LS-PAIR-CAP)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (attempts) => {
        let active = 0;
        for (let i = 0; i < attempts; i++) {
          const r = evaluate(
            lishui,
            pairingContext({ activeApprenticesOfMasterInStage: active, schoolApprentices: 100 + i }),
          );
          if (!blocks('LS-PAIR-CAP', r)) active++;
        }
        expect(active).toBe(Math.min(attempts, 10));
      }),
    );
  });

  it('property: a teacher apprentice is admitted iff teachers stay at most 10% of the school’s apprentices (LS-TEACHER-SHARE)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (students, teachers) => {
          const r = evaluate(
            lishui,
            pairingContext({
              adding: 'teacher',
              schoolApprentices: students + teachers,
              schoolTeacherApprentices: teachers,
            }),
          );
          const after = students + teachers + 1;
          expect(blocks('LS-TEACHER-SHARE', r)).toBe((teachers + 1) * 10 > after);
        },
      ),
    );
  });

  it('property: any sequence of accepted pairings keeps teachers ≤ 10% of apprentices (LS-TEACHER-SHARE)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<'student' | 'teacher'>('student', 'teacher'), { maxLength: 120 }),
        (adds) => {
          let all = 0;
          let teachers = 0;
          for (const adding of adds) {
            const r = evaluate(
              lishui,
              pairingContext({ adding, schoolApprentices: all, schoolTeacherApprentices: teachers }),
            );
            if (blocks('LS-TEACHER-SHARE', r)) continue;
            all++;
            if (adding === 'teacher') teachers++;
            expect(teachers * 10).toBeLessThanOrEqual(all);
          }
        },
      ),
    );
  });

  it('property: enterprise mentors pass iff they are at least 30% of the team (GD-FACULTY)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 }), (size, mentorsWanted) => {
        const mentors = Math.min(size, mentorsWanted);
        const members: GroupMember[] = Array.from({ length: size }, (_, i) => ({
          id: `m${i}`,
          role: i < mentors ? 'enterprise-mentor' : 'school-teacher',
          professionalTitle: '正高级',
        }));
        const r = evaluate(guangdong, faculty(members));
        const shareBroken = r.violations.some(
          (v) => v.ruleId === 'GD-FACULTY' && v.clause === 'enterprise-share',
        );
        expect(shareBroken).toBe(mentors * 10 < size * 3);
      }),
    );
  });

  it('property: adding an enterprise mentor never breaks the 30% share (GD-FACULTY)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (size, m) => {
        const mentors = Math.min(size, m);
        const make = (n: number, k: number): GroupMember[] =>
          Array.from({ length: n }, (_, i) => ({
            id: `m${i}`,
            role: i < k ? 'enterprise-mentor' : 'school-teacher',
          }));
        const broken = (members: GroupMember[]) =>
          evaluate(guangdong, faculty(members)).violations.some((v) => v.clause === 'enterprise-share');
        if (!broken(make(size, mentors))) expect(broken(make(size + 1, mentors + 1))).toBe(false);
      }),
    );
  });

  it('property: a unit never gets more than floor(30% × n) 优秀 or 良好 past the grade quota (JS-GRADE-QUOTA)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('优秀', '良好', '合格', '基本合格', '不合格'), {
          minLength: 1,
          maxLength: 80,
        }),
        (grades) => {
          const n = grades.length;
          const r = evaluate(jiangsu, {
            type: 'grading',
            unitId: 'u',
            trainees: grades.map((grade, i) => ({
              traineeId: `t${i}`,
              grade,
              hoursAttended: 100,
              hoursRequired: 100,
              researchReportSubmitted: true,
            })),
          });
          const excellent = grades.filter((g) => g === '优秀').length;
          const good = grades.filter((g) => g === '良好').length;
          const limit = gradeQuotaLimit(n, 30);
          expect(limit).toBe(Math.floor(0.3 * n + 1e-9));
          expect(blocks('JS-GRADE-QUOTA', r)).toBe(excellent > limit || good > limit);
        },
      ),
    );
  });

  it('property: theory hours pass iff they are 40% ± 5 points of the total (JS-HOURS-RATIO)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        (theory, practice) => {
          fc.pre(theory + practice > 0);
          const r = evaluate(jiangsu, {
            type: 'training-plan',
            year: 2025,
            startsOn: '2025-03-01',
            endsOn: '2025-06-30',
            theoryHours: theory,
            practiceHours: practice,
          });
          // exact rational test: 35/100 ≤ theory/total ≤ 45/100
          const total = theory + practice;
          expect(blocks('JS-HOURS-RATIO', r)).toBe(
            !(theory * 100 >= total * 35 && theory * 100 <= total * 45),
          );
        },
      ),
    );
  });

  it('property: any exact 4:6 split passes (JS-HOURS-RATIO)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (k) => {
        const r = evaluate(jiangsu, {
          type: 'training-plan',
          year: 2025,
          startsOn: '2025-03-01',
          endsOn: '2025-06-30',
          theoryHours: 4 * k,
          practiceHours: 6 * k,
        });
        expect(blocks('JS-HOURS-RATIO', r)).toBe(false);
      }),
    );
  });

  it('property: spending passes iff teaching and consumables are ≥ 80% (so travel, meals, lodging ≤ 20%), in exact fen (JS-EXPENSE-SPLIT)', () => {
    const line = fc.record({
      category: fc.constantFrom('teaching', 'consumables', 'travel', 'meals', 'lodging'),
      amountFen: fc.integer({ min: 0, max: 50_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (raw) => {
        const lines: ExpenseLine[] = raw.map((l) => ({
          ...l,
          outOfTownTrainee: true,
          atUnitCanteenForTrainee: true,
        }));
        const total = lines.reduce((a, l) => a + BigInt(l.amountFen), 0n);
        fc.pre(total > 0n);
        const core = lines
          .filter((l) => l.category === 'teaching' || l.category === 'consumables')
          .reduce((a, l) => a + BigInt(l.amountFen), 0n);
        const r = evaluate(jiangsu, { type: 'expenses', unitId: 'u', lines });
        expect(blocks('JS-EXPENSE-SPLIT', r)).toBe(core * 100n < total * 80n);
        // the two groups cover all spending: the 80% floor and the 20% ceiling break together
        const found = r.violations.filter((v) => v.ruleId === 'JS-EXPENSE-SPLIT');
        expect(found.length === 0 || found.length === 2).toBe(true);
      }),
    );
  });
});

function pairingContext(overrides: Partial<PairingContext>): PairingContext {
  return {
    type: 'pairing',
    masterId: 'm',
    studyStage: 's',
    activeApprenticesOfMasterInStage: 0,
    schoolApprentices: 0,
    schoolTeacherApprentices: 0,
    adding: 'student',
    apprenticeStudyYear: 2,
    masterAccepted: true,
    apprenticeAccepted: true,
    mentors: [{ role: 'school-teacher', personId: 't' }],
    ...overrides,
  };
}

function faculty(members: GroupMember[]): NominationContext {
  return {
    type: 'nomination',
    category: 'pilot-major',
    programmeYear: 2025,
    selectionDate: '2025-06-01',
    attributes: {},
    members,
  };
}
