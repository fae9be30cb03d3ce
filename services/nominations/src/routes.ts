import { defineRoute, healthRoute } from '@talent/http';
import {
  auditPage,
  auditQuery,
  createNominationBody,
  listNominationsQuery,
  nominationPage,
  nominationParams,
  nominationView,
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

export const routes = [
  healthRoute('nominations'),
  createNomination,
  getNomination,
  listNominations,
  updateNomination,
  submitNomination,
  withdrawNomination,
  nominationAudit,
] as const;
