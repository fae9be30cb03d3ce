/**
 * The registry of rule kinds. Each kind is a small pure function of (params, context) with its params
 * schema; a definition names kinds, never code, so agencies can register programmes as data.
 */
import {
  attributeEquals,
  attributeIncludes,
  attributeOneOf,
  attributeRange,
  attributeRequired,
  attributesAnyOf,
  excludedIfAttribute,
  serviceTermMin,
} from './attributes';
import { deadline, programmeLength, projectDuration, publicityLength, stageSequence } from './calendar';
import { categoryQuota, countMin, perOwnerCap, shareMax, shareMin, teamSizeMax, topN } from './capacity';
import { external, kpi, record } from './kpi';
import { expenseSplit, fundingYearsMax, fundsFloor, paidByPassed, perHeadAmount } from './money';
import { apprenticeStudyYear, mentorDaysMin, mentorsRequired, mutualConsent } from './pairing';
import {
  deferralOnce,
  enterprisePracticeWithin,
  maxAgeOn,
  minEducation,
  minSkillLevel,
  minTeachingYears,
  minTitleOrSkillLevel,
  recentWithin,
  repeatParticipationGap,
  retirementMargin,
  sanctionBan,
} from './person';
import {
  attendanceFail,
  gradeQuota,
  gradeScale,
  hoursRatio,
  traineeFactRequired,
  trainingWindow,
} from './training';
import type { RuleKind } from './types';

const all: readonly RuleKind[] = [
  attributeRequired,
  attributeEquals,
  attributeOneOf,
  attributeRange,
  attributeIncludes,
  attributesAnyOf,
  excludedIfAttribute,
  serviceTermMin,
  maxAgeOn,
  retirementMargin,
  minSkillLevel,
  minTitleOrSkillLevel,
  minEducation,
  minTeachingYears,
  enterprisePracticeWithin,
  recentWithin,
  repeatParticipationGap,
  sanctionBan,
  deferralOnce,
  categoryQuota,
  perOwnerCap,
  shareMax,
  shareMin,
  countMin,
  teamSizeMax,
  topN,
  apprenticeStudyYear,
  mutualConsent,
  mentorsRequired,
  mentorDaysMin,
  hoursRatio,
  trainingWindow,
  gradeScale,
  gradeQuota,
  attendanceFail,
  traineeFactRequired,
  expenseSplit,
  fundsFloor,
  perHeadAmount,
  paidByPassed,
  fundingYearsMax,
  deadline,
  publicityLength,
  stageSequence,
  projectDuration,
  programmeLength,
  kpi,
  record,
  external,
];

export const ruleKinds: Readonly<Record<string, RuleKind>> = Object.fromEntries(all.map((k) => [k.name, k]));
