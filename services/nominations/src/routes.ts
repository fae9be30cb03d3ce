import { defineRoute, healthRoute } from '@talent/http';
import {
  closeStageBody,
  createCycleBody,
  cyclePage,
  cycleParams,
  cycleView,
  extendStageBody,
  listCyclesQuery,
  stageParams,
} from './schemas/cycle';
import {
  auditPage,
  auditQuery,
  createNominationBody,
  listNominationsQuery,
  nominationPage,
  nominationParams,
  nominationView,
  overrideBody,
  updateNominationBody,
  withdrawBody,
} from './schemas/nomination';
import {
  amendmentBody,
  assignReviewersBody,
  decisionBody,
  filingBody,
  listObjectionsQuery,
  listPage,
  listQuery,
  listReviewersQuery,
  objectionBody,
  objectionPage,
  objectionParams,
  objectionReceipt,
  objectionView,
  provisionalListView,
  publicCycleParams,
  publicityPage,
  publicityQuery,
  registerReviewerBody,
  resolveObjectionBody,
  returnBody,
  reviewBody,
  reviewerPage,
  reviewerView,
  reviewPage,
  reviewView,
} from './schemas/selection';

const tags = ['nominations'];
const writers = ['admin', 'unit'] as const;
const readers = ['admin', 'unit', 'reviewer', 'auditor'] as const;

export const createNomination = defineRoute({
  operationId: 'createNomination',
  method: 'POST',
  path: '/nominations',
  roles: writers,
  summary: 'Create a draft nomination (推荐) of a person in a category of a cycle',
  description:
    'One active nomination per person per cycle (409 P-ONE-NOMINATION-PER-CYCLE). Resident IDs are checked (X-RESIDENT-ID).',
  tags,
  body: createNominationBody,
  response: nominationView,
  successStatus: 201,
});

export const getNomination = defineRoute({
  operationId: 'getNomination',
  method: 'GET',
  path: '/nominations/{nominationId}',
  roles: readers,
  summary: 'Read a nomination (ETag carries its version)',
  tags,
  params: nominationParams,
  response: nominationView,
});

export const listNominations = defineRoute({
  operationId: 'listNominations',
  method: 'GET',
  path: '/nominations',
  roles: readers,
  summary: 'List nominations of a cycle (optionally by category and status) or of a unit',
  description: 'Give `cycleId` or `unitId`. Cursor pagination: pass `nextCursor` back as `cursor`.',
  tags,
  query: listNominationsQuery,
  response: nominationPage,
});

export const updateNomination = defineRoute({
  operationId: 'updateNomination',
  method: 'PATCH',
  path: '/nominations/{nominationId}',
  roles: writers,
  summary: 'Change a draft nomination (If-Match required)',
  tags,
  params: nominationParams,
  body: updateNominationBody,
  response: nominationView,
  requiresIfMatch: true,
});

export const submitNomination = defineRoute({
  operationId: 'submitNomination',
  method: 'POST',
  path: '/nominations/{nominationId}/submit',
  roles: writers,
  summary: 'Submit a draft nomination for review',
  tags,
  params: nominationParams,
  response: nominationView,
});

export const withdrawNomination = defineRoute({
  operationId: 'withdrawNomination',
  method: 'POST',
  path: '/nominations/{nominationId}/withdraw',
  roles: writers,
  summary: 'Withdraw a nomination (frees the person for another nomination in the cycle)',
  tags,
  params: nominationParams,
  body: withdrawBody,
  response: nominationView,
});

export const nominationAudit = defineRoute({
  operationId: 'listNominationAudit',
  method: 'GET',
  path: '/nominations/{nominationId}/audit',
  roles: ['auditor'],
  summary: 'Audit trail of a nomination: who, when, what, before and after (X-AUDIT)',
  tags,
  params: nominationParams,
  query: auditQuery,
  response: auditPage,
});

export const overrideRule = defineRoute({
  operationId: 'overrideNominationRule',
  method: 'POST',
  path: '/nominations/{nominationId}/overrides',
  roles: ['reviewer'],
  summary: 'Relax a relaxable rule for this nomination, with a written reason (特批; audited)',
  description:
    "Only a breach listed in `eligibility.pending` can be overridden (422 P-OVERRIDE otherwise); never by a reviewer of the nominee's own unit (403 X-RECUSAL). The override is in the audit trail (X-AUDIT); it is cleared when the nominee or attributes change.",
  tags,
  params: nominationParams,
  body: overrideBody,
  response: nominationView,
});

const cycleTags = ['cycles'];
const anyRole = ['admin', 'reviewer', 'unit', 'finance', 'auditor'] as const;

export const createCycle = defineRoute({
  operationId: 'createCycle',
  method: 'POST',
  path: '/cycles',
  roles: ['admin'],
  summary: 'Open a cycle (one year or round) of a programme; it keeps the programme version current now',
  description:
    "The cycle id is the agency's (`js-2026`): opening it again answers 409 P-CYCLE-UNIQUE, never a second cycle. `selectionDate` defaults to the nomination deadline of the programme calendar.",
  tags: cycleTags,
  body: createCycleBody,
  response: cycleView,
  successStatus: 201,
});

export const getCycle = defineRoute({
  operationId: 'getCycle',
  method: 'GET',
  path: '/cycles/{cycleId}',
  roles: anyRole,
  summary: 'Read a cycle: its programme version, year, selection date and status',
  tags: cycleTags,
  params: cycleParams,
  response: cycleView,
});

export const listCycles = defineRoute({
  operationId: 'listCycles',
  method: 'GET',
  path: '/cycles',
  roles: anyRole,
  summary: "The agency's cycles, by programme and year",
  tags: cycleTags,
  query: listCyclesQuery,
  response: cyclePage,
});

export const startCycle = defineRoute({
  operationId: 'startCycle',
  method: 'POST',
  path: '/cycles/{cycleId}/start',
  roles: ['admin'],
  summary: "Start the cycle's state machine execution if it has not started (idempotent)",
  tags: cycleTags,
  params: cycleParams,
  response: cycleView,
});

export const closeStage = defineRoute({
  operationId: 'closeCycleStage',
  method: 'POST',
  path: '/cycles/{cycleId}/stages/{stageId}/close',
  roles: ['admin'],
  summary: 'Close the open decision stage (review done, filing recorded …); the workflow moves on',
  description:
    'Only the open stage, and only one that closes by decision (409 P-CYCLE-STAGE otherwise): deadline stages close at the end of their last day, auto stages by themselves. Audited with the reason.',
  tags: cycleTags,
  params: stageParams,
  body: closeStageBody,
  response: cycleView,
});

export const extendStage = defineRoute({
  operationId: 'extendCycleStage',
  method: 'POST',
  path: '/cycles/{cycleId}/stages/{stageId}/extend',
  roles: ['admin'],
  summary: "Move the open deadline stage's last day later (e.g. quota unmet → extension)",
  tags: cycleTags,
  params: stageParams,
  body: extendStageBody,
  response: cycleView,
});

// ——— selection: review, lists, publicity, filing ———

const reviewTags = ['review'];
const listTags = ['lists'];
const publicityTags = ['publicity'];

export const registerReviewer = defineRoute({
  operationId: 'registerReviewer',
  method: 'POST',
  path: '/reviewers',
  roles: ['admin'],
  summary: "Register a reviewer (评审专家) in the agency's registry, or update name and unit",
  description:
    "201 when new, 200 when updated. `reviewerId` is the reviewer's user id (token `sub`); `unitId` is their own unit: they are never assigned its nominees (X-RECUSAL).",
  tags: reviewTags,
  body: registerReviewerBody,
  response: reviewerView,
  successStatus: 201,
});

export const listReviewers = defineRoute({
  operationId: 'listReviewers',
  method: 'GET',
  path: '/reviewers',
  roles: ['admin', 'auditor'],
  summary: "The agency's reviewer registry",
  tags: reviewTags,
  query: listReviewersQuery,
  response: reviewerPage,
});

export const assignReviewers = defineRoute({
  operationId: 'assignReviewers',
  method: 'POST',
  path: '/nominations/{nominationId}/assignments',
  roles: ['admin'],
  summary: 'Assign registered reviewers to a submitted nomination (at most 3 in all)',
  description:
    "Never a reviewer whose registered unit is the nominee's (403 X-RECUSAL); unknown reviewers are 422 P-REVIEWER; only submitted nominations (409 P-NOMINATION-STATUS). Reviewers already assigned are kept.",
  tags: reviewTags,
  params: nominationParams,
  body: assignReviewersBody,
  response: nominationView,
});

export const submitReview = defineRoute({
  operationId: 'submitReview',
  method: 'POST',
  path: '/nominations/{nominationId}/reviews',
  roles: ['reviewer'],
  summary: 'Review an assigned nomination (score, qualification, recommendation); once, immutable',
  description:
    "Only an assigned reviewer (403 P-REVIEWER-ASSIGNMENT), never of the nominee's unit by registry or token (403 X-RECUSAL), while a review stage is open (409 P-REVIEW-STAGE); a second review of the same round is 409 P-ONE-REVIEW.",
  tags: reviewTags,
  params: nominationParams,
  body: reviewBody,
  response: reviewView,
  successStatus: 201,
});

export const listReviews = defineRoute({
  operationId: 'listReviews',
  method: 'GET',
  path: '/nominations/{nominationId}/reviews',
  roles: ['admin', 'auditor'],
  summary: 'The reviews of a nomination, every round',
  tags: reviewTags,
  params: nominationParams,
  response: reviewPage,
});

export const returnNomination = defineRoute({
  operationId: 'returnNomination',
  method: 'POST',
  path: '/nominations/{nominationId}/return',
  roles: ['admin', 'reviewer'],
  summary: 'Return a submitted nomination to its unit for correction (退回补正)',
  description:
    'Admin, or an assigned reviewer. The unit changes it like a draft and submits it again (also while the review stage is open); its reviews start over in the next round.',
  tags: reviewTags,
  params: nominationParams,
  body: returnBody,
  response: nominationView,
});

export const decideNomination = defineRoute({
  operationId: 'decideNomination',
  method: 'POST',
  path: '/nominations/{nominationId}/decision',
  roles: ['admin'],
  summary: 'Recommend or not, after the required reviews (the moderation when reviewers disagree)',
  description:
    "Needs the cycle's `reviewersPerNomination` reviews of this round (409 P-REVIEWS-REQUIRED); `recommend` needs `eligibility.status: eligible` (422 P-OVERRIDE-PENDING naming the pending rule ids).",
  tags: reviewTags,
  params: nominationParams,
  body: decisionBody,
  response: nominationView,
});

export const drawProvisionalList = defineRoute({
  operationId: 'drawProvisionalList',
  method: 'POST',
  path: '/cycles/{cycleId}/provisional-list',
  roles: ['admin'],
  summary:
    'Draw the provisional list: rank the recommended per category, apply the quota (JS-CATEGORIES, BJ-ROUND)',
  description:
    'While the list stage is open (the provisional-list stage, else the last review stage: 409 P-CYCLE-STAGE) and every nomination in review has a decision (409 P-REVIEW-PENDING). Idempotent: running it again gives the same list.',
  tags: listTags,
  params: cycleParams,
  response: provisionalListView,
});

export const getCycleList = defineRoute({
  operationId: 'getCycleList',
  method: 'GET',
  path: '/cycles/{cycleId}/list',
  roles: anyRole,
  summary: 'The provisional (listed) or official list of a cycle, by category and rank; resident IDs masked',
  tags: listTags,
  params: cycleParams,
  query: listQuery,
  response: listPage,
});

export const fileCycleList = defineRoute({
  operationId: 'fileCycleList',
  method: 'POST',
  path: '/cycles/{cycleId}/filing',
  roles: ['admin'],
  summary: 'Record the filing (备案) of the official list; requests the close of an open filing stage',
  description: 'Only after the official list is frozen (409 P-OFFICIAL-LIST).',
  tags: listTags,
  params: cycleParams,
  body: filingBody,
  response: cycleView,
});

export const amendOfficialList = defineRoute({
  operationId: 'amendOfficialList',
  method: 'POST',
  path: '/cycles/{cycleId}/amendments',
  roles: ['admin'],
  summary: 'Amend the frozen official list: remove an official nomination, or reinstate a removed one',
  description:
    "Refused before the list is frozen (409 P-OFFICIAL-LIST); a reinstatement beyond the category's quota is 409 with the quota's rule id.",
  tags: listTags,
  params: cycleParams,
  body: amendmentBody,
  response: nominationView,
});

export const getPublicity = defineRoute({
  operationId: 'getPublicity',
  method: 'GET',
  path: '/public/cycles/{agencyId}/{cycleId}/publicity',
  roles: 'public',
  summary: 'The list under publicity (公示): names, units, categories, occupations and employers only',
  description:
    'No token. During the publicity period only (Asia/Shanghai); outside it, and for an unknown agency or cycle, 404.',
  tags: publicityTags,
  params: publicCycleParams,
  query: publicityQuery,
  response: publicityPage,
});

export const lodgeObjection = defineRoute({
  operationId: 'lodgeObjection',
  method: 'POST',
  path: '/public/cycles/{agencyId}/{cycleId}/objections',
  roles: 'public',
  summary: 'Lodge an objection (异议) with evidence against a nomination under publicity',
  description:
    'No token. During the period, against a nomination on the published list (422 P-OBJECTION-TARGET); at most 5 an hour per address and cycle (429 P-RATE-LIMIT with Retry-After).',
  tags: publicityTags,
  params: publicCycleParams,
  body: objectionBody,
  response: objectionReceipt,
  successStatus: 202,
});

export const listObjections = defineRoute({
  operationId: 'listObjections',
  method: 'GET',
  path: '/cycles/{cycleId}/objections',
  roles: ['admin', 'reviewer', 'auditor'],
  summary: "The cycle's objections; the objector's name and contact masked except for admin",
  tags: publicityTags,
  params: cycleParams,
  query: listObjectionsQuery,
  response: objectionPage,
});

export const resolveObjection = defineRoute({
  operationId: 'resolveObjection',
  method: 'POST',
  path: '/objections/{objectionId}/resolve',
  roles: ['admin'],
  summary: 'Resolve an objection: upheld takes the nomination off the list (same transaction)',
  tags: publicityTags,
  params: objectionParams,
  body: resolveObjectionBody,
  response: objectionView,
});

export const routes = [
  healthRoute('nominations'),
  createCycle,
  getCycle,
  listCycles,
  startCycle,
  closeStage,
  extendStage,
  createNomination,
  getNomination,
  listNominations,
  updateNomination,
  submitNomination,
  withdrawNomination,
  overrideRule,
  nominationAudit,
  registerReviewer,
  listReviewers,
  assignReviewers,
  submitReview,
  listReviews,
  returnNomination,
  decideNomination,
  drawProvisionalList,
  getCycleList,
  fileCycleList,
  amendOfficialList,
  getPublicity,
  lodgeObjection,
  listObjections,
  resolveObjection,
] as const;
