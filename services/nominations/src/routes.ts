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
] as const;
