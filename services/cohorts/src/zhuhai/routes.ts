import { defineRoute, type RouteContract } from '@talent/http';
import * as s from './schemas';

const tags = ['cohorts-zhuhai'];
const readers = ['admin', 'unit', 'reviewer', 'auditor'] as const;
const promotionReaders = ['admin', 'unit', 'reviewer', 'auditor', 'finance'] as const;

export const registerZhCraftsman = defineRoute({
  operationId: 'registerZhCraftsman',
  method: 'POST',
  path: '/cycles/{cycleId}/craftsman-registrations',
  roles: ['admin'],
  summary:
    'Register an entry of the official list in its craftsman tier for the cycle year (ZH-CRAFTSMAN-TIERS)',
  description: 'One tier per person per year (409).',
  tags,
  params: s.cycleParams,
  body: s.registrationBody,
  response: s.registrationView,
  successStatus: 201,
});

export const listZhCraftsmanRegistrations = defineRoute({
  operationId: 'listZhCraftsmanRegistrations',
  method: 'GET',
  path: '/cycles/{cycleId}/craftsman-registrations',
  roles: readers,
  summary: "A cycle's craftsman registrations, optionally of one tier (a unit sees its own)",
  tags,
  params: s.cycleParams,
  query: s.registrationsQuery,
  response: s.registrationPage,
});

export const getZhCraftsmanPyramid = defineRoute({
  operationId: 'getZhCraftsmanPyramid',
  method: 'GET',
  path: '/cycles/{cycleId}/craftsman-registrations/pyramid',
  roles: ['admin', 'reviewer', 'auditor'],
  summary:
    '十百千万: registrations per tier in the cycle year against ~10/100/1,000/10,000 (ZH-CRAFTSMAN-TIERS)',
  tags,
  params: s.cycleParams,
  response: s.pyramidView,
});

export const recordZhTeacherPromotion = defineRoute({
  operationId: 'recordZhTeacherPromotion',
  method: 'POST',
  path: '/teacher-promotions',
  roles: ['admin', 'unit'],
  summary:
    "Record a teacher's promotion to 技师/高级技师 with subsidy eligibility computed (ZH-TEACHER-SUBSIDY)",
  description: 'One record per teacher per level (409). The payment is made by the funding service later.',
  tags,
  body: s.promotionBody,
  response: s.promotionView,
  successStatus: 201,
});

export const listZhTeacherPromotions = defineRoute({
  operationId: 'listZhTeacherPromotions',
  method: 'GET',
  path: '/teacher-promotions',
  roles: promotionReaders,
  summary: 'Teacher promotions with their subsidy eligibility (a unit sees its own)',
  tags,
  query: s.listQuery,
  response: s.promotionPage,
});

export const getZhTeacherPromotion = defineRoute({
  operationId: 'getZhTeacherPromotion',
  method: 'GET',
  path: '/teacher-promotions/{promotionId}',
  roles: promotionReaders,
  summary: 'A teacher promotion with its subsidy eligibility and amount (fen)',
  tags,
  params: s.promotionParams,
  response: s.promotionView,
});

export const recordZhTeacherPractice = defineRoute({
  operationId: 'recordZhTeacherPractice',
  method: 'PUT',
  path: '/teacher-promotions/{promotionId}/practice/{year}',
  roles: ['admin', 'unit'],
  summary:
    "Record the teacher's enterprise practice of a year, checked against ≥1 month (ZH-TEACHER-PRACTICE)",
  tags,
  params: s.practiceParams,
  body: s.practiceBody,
  response: s.practiceView,
});

export const listZhTeacherPractice = defineRoute({
  operationId: 'listZhTeacherPractice',
  method: 'GET',
  path: '/teacher-promotions/{promotionId}/practice',
  roles: readers,
  summary: "The teacher's enterprise practice by year",
  tags,
  params: s.promotionParams,
  response: s.practiceList,
});

/** The zhuhai programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const zhuhaiRoutes: readonly RouteContract[] = [
  registerZhCraftsman,
  listZhCraftsmanRegistrations,
  getZhCraftsmanPyramid,
  recordZhTeacherPromotion,
  listZhTeacherPromotions,
  getZhTeacherPromotion,
  recordZhTeacherPractice,
  listZhTeacherPractice,
];
