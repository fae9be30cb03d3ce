/** Master–apprentice pairing and mentoring. */
import * as z from 'zod';
import { defineKind, type Finding, finding } from './types';

/** Student apprentices are chosen from one year of study (LS: 二年级). Teachers are not students. */
export const apprenticeStudyYear = defineKind({
  name: 'apprentice-study-year',
  contexts: ['pairing'],
  params: () => z.strictObject({ studyYear: z.number().int().min(1).max(10) }),
  check: (p, context) => {
    if (context.adding !== 'student') return [];
    return context.apprenticeStudyYear === p.studyYear
      ? []
      : [
          finding(
            'apprenticeStudyYear',
            `student apprentices are chosen from year ${p.studyYear} (got ${context.apprenticeStudyYear ?? 'none'})`,
            `学徒须从在校${p.studyYear}年级学生中选择`,
          ),
        ];
  },
  summary: (p) => `a student apprentice is in study year ${p.studyYear} when paired`,
});

/** Two-way selection: both the master and the apprentice have accepted. */
export const mutualConsent = defineKind({
  name: 'mutual-consent',
  contexts: ['pairing'],
  params: () => z.strictObject({}),
  check: (_p, context) => {
    const out: Finding[] = [];
    if (context.masterAccepted !== true)
      out.push(
        finding(
          'masterAccepted',
          'the master has not accepted the pairing',
          '大师未确认结对（须师徒双向选择）',
        ),
      );
    if (context.apprenticeAccepted !== true)
      out.push(
        finding(
          'apprenticeAccepted',
          'the apprentice has not accepted the pairing',
          '学徒未确认结对（须师徒双向选择）',
        ),
      );
    return out;
  },
  summary: () => 'masterAccepted and apprenticeAccepted both true',
});

/** Named mentor roles are assigned (双导师: one of each). */
export const mentorsRequired = defineKind({
  name: 'mentors-required',
  contexts: ['pairing', 'enrolment'],
  params: () => z.strictObject({ roles: z.array(z.string().min(1).max(64)).min(1).max(10) }),
  check: (p, context) => {
    const have = new Set((context.mentors ?? []).map((m) => m.role));
    return p.roles
      .filter((r) => !have.has(r))
      .map((r) => finding('mentors', `no ${r} assigned`, `未配备${r}导师`));
  },
  summary: (p) => `mentors assigned: ${p.roles.join(' + ')}`,
});

/** A master's task is complete after ≥ N days of face-to-face tutoring and a school-confirmed improvement. */
export const mentorDaysMin = defineKind({
  name: 'mentor-days-min',
  contexts: ['mentorship-completion'],
  params: () => z.strictObject({ minDays: z.number().int().positive().max(3650) }),
  check: (p, context) => {
    const out: Finding[] = [];
    if (!(context.faceToFaceDays >= p.minDays))
      out.push(
        finding(
          'faceToFaceDays',
          `${context.faceToFaceDays} days of face-to-face tutoring; at least ${p.minDays}`,
          `面对面辅导${context.faceToFaceDays}天，不少于${p.minDays}天`,
        ),
      );
    if (!context.skillImproved)
      out.push(
        finding('skillImproved', "the apprentice's skill level has not improved", '学徒技能水平未见提升'),
      );
    if (!context.confirmedBySchool)
      out.push(finding('confirmedBySchool', 'the school has not confirmed completion', '未经学校考核认定'));
    return out;
  },
  summary: (p) => `complete when face-to-face days ≥ ${p.minDays}, skill improved and the school confirms`,
});
