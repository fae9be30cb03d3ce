import { defineRoute, healthRoute } from '@talent/http';
import {
  acceptPairingBody,
  agreementsBody,
  apprenticeParams,
  bySchoolQuery,
  completionBody,
  cycleParams,
  endPairingBody,
  honoursQuery,
  masterLeavingBody,
  masterParams,
  outstandingBody,
  pageOnlyQuery,
  pairingParams,
  pairingsQuery,
  proposePairingBody,
  registerApprenticeBody,
  registerMasterBody,
  reviewListBody,
  schoolListParams,
  sessionBody,
  submitListBody,
  topSelectionBody,
} from './schemas/pairing';
import * as views from './schemas/views';

const tags = ['pairings'];
const writers = ['admin', 'unit'] as const;
const readers = ['admin', 'unit', 'reviewer', 'auditor'] as const;
const city = ['admin'] as const;

export const registerMaster = defineRoute({
  operationId: 'registerPairingMaster',
  method: 'POST',
  path: '/cycles/{cycleId}/masters',
  roles: writers,
  summary:
    'Register a master of the official master list at the school that hires them (聘请), with the employment agreement',
  description:
    "The nomination must be on the cycle's official list (LS-NOMINATION-ROUTE). Service term ≥ 6 years (422 LS-SERVICE-TERM); one registration per master per cycle (409 P-ONE-REGISTRATION-PER-CYCLE).",
  tags,
  params: cycleParams,
  body: registerMasterBody,
  response: views.masterView,
  successStatus: 201,
});

export const listMasters = defineRoute({
  operationId: 'listPairingMasters',
  method: 'GET',
  path: '/cycles/{cycleId}/masters',
  roles: readers,
  summary: "The cycle's masters (a school: its own)",
  tags,
  params: cycleParams,
  query: bySchoolQuery,
  response: views.masterPage,
});

export const getMaster = defineRoute({
  operationId: 'getPairingMaster',
  method: 'GET',
  path: '/cycles/{cycleId}/masters/{masterId}',
  roles: readers,
  summary: 'A master: tier, school, employment and service term (LS-SERVICE-TERM)',
  tags,
  params: masterParams,
  response: views.masterView,
});

export const recordMasterLeaving = defineRoute({
  operationId: 'recordPairingMasterLeaving',
  method: 'POST',
  path: '/cycles/{cycleId}/masters/{masterId}/leave',
  roles: writers,
  summary: 'Record that a master leaves the school (flagged LS-SERVICE-TERM when before the term ends)',
  description: 'Refused (409 P-MASTER-PAIRINGS) while the master has active pairings.',
  tags,
  params: masterParams,
  body: masterLeavingBody,
  response: views.masterView,
});

export const registerApprentice = defineRoute({
  operationId: 'registerPairingApprentice',
  method: 'POST',
  path: '/cycles/{cycleId}/apprentices',
  roles: writers,
  summary: 'Register an apprentice of a school: a student (学段, year of study) or a new teacher',
  description:
    'Resident ID checked (X-RESIDENT-ID) and masked in answers but to admin; one registration per person per cycle.',
  tags,
  params: cycleParams,
  body: registerApprenticeBody,
  response: views.apprenticeView,
  successStatus: 201,
});

export const listApprentices = defineRoute({
  operationId: 'listPairingApprentices',
  method: 'GET',
  path: '/cycles/{cycleId}/apprentices',
  roles: readers,
  summary: "The cycle's apprentices (a school: its own)",
  tags,
  params: cycleParams,
  query: bySchoolQuery,
  response: views.apprenticePage,
});

export const getApprentice = defineRoute({
  operationId: 'getPairingApprentice',
  method: 'GET',
  path: '/cycles/{cycleId}/apprentices/{apprenticeId}',
  roles: readers,
  summary: 'An apprentice',
  tags,
  params: apprenticeParams,
  response: views.apprenticeView,
});

export const proposePairing = defineRoute({
  operationId: 'proposePairing',
  method: 'POST',
  path: '/cycles/{cycleId}/pairings',
  roles: writers,
  summary: 'A master proposes, or an apprentice applies for, a pairing (two-way selection, LS-TWO-WAY)',
  description:
    'Student apprentices are in year 2 (422 LS-APPRENTICE-YEAR); one open pairing per apprentice (409 P-ONE-OPEN-PAIRING).',
  tags,
  params: cycleParams,
  body: proposePairingBody,
  response: views.pairingView,
  successStatus: 201,
});

export const listPairings = defineRoute({
  operationId: 'listPairings',
  method: 'GET',
  path: '/cycles/{cycleId}/pairings',
  roles: readers,
  summary: "The cycle's pairings, by school and status",
  tags,
  params: cycleParams,
  query: pairingsQuery,
  response: views.pairingPage,
});

export const getPairing = defineRoute({
  operationId: 'getPairing',
  method: 'GET',
  path: '/pairings/{pairingId}',
  roles: readers,
  summary: 'A pairing (ETag carries its version)',
  tags,
  params: pairingParams,
  response: views.pairingView,
});

export const acceptPairing = defineRoute({
  operationId: 'acceptPairing',
  method: 'POST',
  path: '/pairings/{pairingId}/accept',
  roles: writers,
  summary: "Record the other party's acceptance (LS-TWO-WAY); both accepted → status accepted",
  tags,
  params: pairingParams,
  body: acceptPairingBody,
  response: views.pairingView,
});

export const recordAgreements = defineRoute({
  operationId: 'recordPairingAgreements',
  method: 'PUT',
  path: '/pairings/{pairingId}/agreements',
  roles: writers,
  summary:
    'Record the master–apprentice agreement, the school mentor (双导师) and the joint training plan (LS-AGREEMENTS)',
  tags,
  params: pairingParams,
  body: agreementsBody,
  response: views.pairingView,
});

export const activatePairing = defineRoute({
  operationId: 'activatePairing',
  method: 'POST',
  path: '/pairings/{pairingId}/activate',
  roles: writers,
  summary: 'Activate an accepted pairing under the caps (LS-PAIR-CAP, LS-TEACHER-SHARE), atomically',
  description:
    "409 citing the rule: LS-TWO-WAY (not both accepted), LS-AGREEMENTS (agreements, mentor, plan), LS-APPRENTICE-YEAR, LS-PAIR-CAP (≤ 10 per master per study stage), LS-TEACHER-SHARE (teachers ≤ 10% of the school's active pairings, counting this one).",
  tags,
  params: pairingParams,
  response: views.pairingView,
});

export const endPairing = defineRoute({
  operationId: 'endPairing',
  method: 'POST',
  path: '/pairings/{pairingId}/end',
  roles: writers,
  summary: 'End a pairing (declined; withdrawal, graduation, replacement): history kept, caps freed',
  tags,
  params: pairingParams,
  body: endPairingBody,
  response: views.pairingView,
});

export const logSession = defineRoute({
  operationId: 'logMentoringSession',
  method: 'POST',
  path: '/pairings/{pairingId}/sessions',
  roles: writers,
  summary: 'Log a face-to-face session of an active pairing, confirmed by the school mentor',
  tags,
  params: pairingParams,
  body: sessionBody,
  response: views.sessionView,
  successStatus: 201,
});

export const listSessions = defineRoute({
  operationId: 'listMentoringSessions',
  method: 'GET',
  path: '/pairings/{pairingId}/sessions',
  roles: readers,
  summary: "A pairing's mentoring log, by date",
  tags,
  params: pairingParams,
  query: pageOnlyQuery,
  response: views.sessionPage,
});

export const confirmCompletion = defineRoute({
  operationId: 'confirmMentorshipCompletion',
  method: 'POST',
  path: '/pairings/{pairingId}/completion',
  roles: writers,
  summary:
    "The school confirms the master's task complete (LS-MENTOR-DAYS: ≥ 50 face-to-face days, skill improved)",
  tags,
  params: pairingParams,
  body: completionBody,
  response: views.pairingView,
});

export const pairingAudit = defineRoute({
  operationId: 'listPairingAudit',
  method: 'GET',
  path: '/pairings/{pairingId}/audit',
  roles: ['admin', 'auditor'],
  summary: 'Audit trail of a pairing and its sessions (X-AUDIT)',
  tags,
  params: pairingParams,
  query: pageOnlyQuery,
  response: views.auditPage,
});

export const submitList = defineRoute({
  operationId: 'submitPairingList',
  method: 'POST',
  path: '/cycles/{cycleId}/pairing-lists/{schoolId}/submit',
  roles: writers,
  summary: "Submit the school's two-way pairing list (its active pairings) by the deadline (LS-CALENDAR)",
  tags,
  params: schoolListParams,
  body: submitListBody,
  response: views.listView,
});

export const reviewList = defineRoute({
  operationId: 'reviewPairingList',
  method: 'POST',
  path: '/cycles/{cycleId}/pairing-lists/{schoolId}/review',
  roles: city,
  summary: "The city approves or returns a school's submitted pairing list (LS-TWO-WAY)",
  tags,
  params: schoolListParams,
  body: reviewListBody,
  response: views.listView,
});

export const getList = defineRoute({
  operationId: 'getPairingList',
  method: 'GET',
  path: '/cycles/{cycleId}/pairing-lists/{schoolId}',
  roles: readers,
  summary: "A school's pairing list and whether the lists are final",
  tags,
  params: schoolListParams,
  response: views.listView,
});

export const listLists = defineRoute({
  operationId: 'listPairingLists',
  method: 'GET',
  path: '/cycles/{cycleId}/pairing-lists',
  roles: readers,
  summary: "The schools' pairing lists of the cycle (a school: its own)",
  tags,
  params: cycleParams,
  query: pageOnlyQuery,
  response: views.listPage,
});

export const grantOutstanding = defineRoute({
  operationId: 'grantOutstandingApprentice',
  method: 'POST',
  path: '/cycles/{cycleId}/honours/outstanding-apprentices',
  roles: city,
  summary:
    'Grant 优秀学徒 to a paired apprentice with a 3rd prize or above or a patent (LS-OUTSTANDING-APPRENTICE)',
  tags,
  params: cycleParams,
  body: outstandingBody,
  response: views.honourView,
  successStatus: 201,
});

export const selectTop = defineRoute({
  operationId: 'selectTopPairingHonour',
  method: 'POST',
  path: '/cycles/{cycleId}/honours/top-selections',
  roles: city,
  summary: 'Select one 十佳大师 (≤ 10) or 百佳高徒 (≤ 100) of the year with rank and evidence (LS-TOP-TEN)',
  tags,
  params: cycleParams,
  body: topSelectionBody,
  response: views.honourView,
  successStatus: 201,
});

export const listHonours = defineRoute({
  operationId: 'listPairingHonours',
  method: 'GET',
  path: '/cycles/{cycleId}/honours',
  roles: readers,
  summary: "The cycle's honours (优秀学徒, 十佳大师, 百佳高徒)",
  tags,
  params: cycleParams,
  query: honoursQuery,
  response: views.honourPage,
});

export const routes = [
  healthRoute('pairings'),
  registerMaster,
  listMasters,
  getMaster,
  recordMasterLeaving,
  registerApprentice,
  listApprentices,
  getApprentice,
  proposePairing,
  listPairings,
  getPairing,
  acceptPairing,
  recordAgreements,
  activatePairing,
  endPairing,
  logSession,
  listSessions,
  confirmCompletion,
  pairingAudit,
  submitList,
  reviewList,
  getList,
  listLists,
  grantOutstanding,
  selectTop,
  listHonours,
] as const;
