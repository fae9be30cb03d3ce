import { defineRoute, type RouteContract } from '@talent/http';
import {
  auditPage,
  certificateView,
  changeDecisionBody,
  changeRequestBody,
  changeRequestPage,
  changeRequestParams,
  changeRequestView,
  checkBody,
  checkPage,
  checkView,
  cycleParams,
  disqualificationBody,
  listProjectsQuery,
  memberChangeView,
  memberInput,
  memberPage,
  memberParams,
  openProjectsView,
  pageOnlyQuery,
  planInput,
  projectPage,
  projectParams,
  projectView,
  removeMemberBody,
  reportBody,
  reportPage,
  reportView,
  reviewPlanBody,
} from './schemas';

const tags = ['cohorts', 'beijing'];
const readers = ['admin', 'reviewer', 'unit', 'auditor'] as const;
/** The selectee's school writes plans, change requests and the team's changes (P-UNIT-SCOPE). */
const writers = ['admin', 'unit'] as const;
/** Experts approve plans and score checks. */
const assessors = ['admin', 'reviewer'] as const;

export const openBjProjects = defineRoute({
  operationId: 'openBjProjects',
  method: 'POST',
  path: '/cycles/{cycleId}/projects',
  roles: ['admin'],
  summary: 'Open a project (项目) for every selectee and team of the official list (idempotent)',
  description: 'The planning stage opening does the same. 409 P-OFFICIAL-LIST before the list is final.',
  tags,
  params: cycleParams,
  response: openProjectsView,
});

export const listBjProjects = defineRoute({
  operationId: 'listBjProjects',
  method: 'GET',
  path: '/cycles/{cycleId}/projects',
  roles: readers,
  summary: "List a Beijing cycle's projects (a unit sees only its own)",
  tags,
  params: cycleParams,
  query: listProjectsQuery,
  response: projectPage,
});

export const getBjProject = defineRoute({
  operationId: 'getBjProject',
  method: 'GET',
  path: '/projects/{projectId}',
  roles: readers,
  summary: 'Read a project with its plan, plan history, checks and ending (ETag carries its version)',
  tags,
  params: projectParams,
  response: projectView,
});

export const saveBjPlan = defineRoute({
  operationId: 'saveBjPlan',
  method: 'PUT',
  path: '/projects/{projectId}/plan',
  roles: writers,
  summary: 'Write the growth (construction) plan and task book with overall and yearly targets (BJ-PLAN)',
  description: 'Draft or returned plans only; the project runs 2–3 years (422 BJ-PLAN). If-Match required.',
  tags,
  params: projectParams,
  body: planInput,
  response: projectView,
  requiresIfMatch: true,
  maxBodyBytes: 256 * 1024,
});

export const submitBjPlan = defineRoute({
  operationId: 'submitBjPlan',
  method: 'POST',
  path: '/projects/{projectId}/plan/submit',
  roles: writers,
  summary: 'Submit the plan for expert review',
  tags,
  params: projectParams,
  response: projectView,
});

export const reviewBjPlan = defineRoute({
  operationId: 'reviewBjPlan',
  method: 'POST',
  path: '/projects/{projectId}/plan/review',
  roles: assessors,
  summary: 'Expert review of the plan: approve (the project starts) or return for revision',
  tags,
  params: projectParams,
  body: reviewPlanBody,
  response: projectView,
});

export const requestBjPlanChange = defineRoute({
  operationId: 'requestBjPlanChange',
  method: 'POST',
  path: '/projects/{projectId}/change-requests',
  roles: writers,
  summary: 'Ask the city to change the approved plan (one pending request at a time)',
  tags,
  params: projectParams,
  body: changeRequestBody,
  response: changeRequestView,
  successStatus: 201,
  maxBodyBytes: 256 * 1024,
});

export const listBjChangeRequests = defineRoute({
  operationId: 'listBjChangeRequests',
  method: 'GET',
  path: '/projects/{projectId}/change-requests',
  roles: readers,
  summary: "The project's plan change requests",
  tags,
  params: projectParams,
  query: pageOnlyQuery,
  response: changeRequestPage,
});

export const decideBjPlanChange = defineRoute({
  operationId: 'decideBjPlanChange',
  method: 'POST',
  path: '/projects/{projectId}/change-requests/{changeRequestId}/decision',
  roles: ['admin'],
  summary: 'The city approves (the plan is replaced, the earlier kept in the history) or rejects a change',
  tags,
  params: changeRequestParams,
  body: changeDecisionBody,
  response: changeRequestView,
});

export const listBjMembers = defineRoute({
  operationId: 'listBjMembers',
  method: 'GET',
  path: '/projects/{projectId}/members',
  roles: readers,
  summary: "A team project's members (resident IDs masked unless admin)",
  tags,
  params: projectParams,
  query: pageOnlyQuery,
  response: memberPage,
});

export const addBjMember = defineRoute({
  operationId: 'addBjMember',
  method: 'POST',
  path: '/projects/{projectId}/members',
  roles: writers,
  summary: 'Add a member to a team project (BJ-TEAM: ≤15, leader title; a new leader takes over)',
  tags,
  params: projectParams,
  body: memberInput,
  response: memberChangeView,
  successStatus: 201,
});

export const removeBjMember = defineRoute({
  operationId: 'removeBjMember',
  method: 'POST',
  path: '/projects/{projectId}/members/{memberId}/remove',
  roles: writers,
  summary: 'Remove a member (refused when it would leave the team breaking BJ-TEAM, e.g. leaderless)',
  tags,
  params: memberParams,
  body: removeMemberBody,
  response: memberChangeView,
});

export const recordBjCheck = defineRoute({
  operationId: 'recordBjCheck',
  method: 'POST',
  path: '/projects/{projectId}/checks',
  roles: assessors,
  summary: 'Record an annual check, the mid-term evaluation or the final acceptance (BJ-CHECKS)',
  description:
    "Only while the cycle's stage of that kind is open; once per check; a missed yearly target or a failed mid-term eliminates the project.",
  tags,
  params: projectParams,
  body: checkBody,
  response: checkView,
  successStatus: 201,
});

export const listBjChecks = defineRoute({
  operationId: 'listBjChecks',
  method: 'GET',
  path: '/projects/{projectId}/checks',
  roles: readers,
  summary: "The project's check results",
  tags,
  params: projectParams,
  query: pageOnlyQuery,
  response: checkPage,
});

export const fileBjReport = defineRoute({
  operationId: 'fileBjReport',
  method: 'POST',
  path: '/projects/{projectId}/reports',
  roles: writers,
  summary:
    "The unit's self-report for a check (targets met or missed, with evidence), once per check, until the check's stage closes",
  tags,
  params: projectParams,
  body: reportBody,
  response: reportView,
  successStatus: 201,
  maxBodyBytes: 256 * 1024,
});

export const listBjReports = defineRoute({
  operationId: 'listBjReports',
  method: 'GET',
  path: '/projects/{projectId}/reports',
  roles: readers,
  summary: "The project's self-reports",
  tags,
  params: projectParams,
  query: pageOnlyQuery,
  response: reportPage,
});

export const disqualifyBjProject = defineRoute({
  operationId: 'disqualifyBjProject',
  method: 'POST',
  path: '/projects/{projectId}/disqualification',
  roles: ['admin'],
  summary: '取消培养资格: academic misconduct, harmful public conduct or criminal liability ends the project',
  tags,
  params: projectParams,
  body: disqualificationBody,
  response: projectView,
});

export const getBjCertificate = defineRoute({
  operationId: 'getBjCertificate',
  method: 'GET',
  path: '/projects/{projectId}/certificate',
  roles: readers,
  summary: 'The certificate issued on passing the final acceptance (BJ-CERTIFICATES)',
  tags,
  params: projectParams,
  response: certificateView,
});

export const listBjProjectAudit = defineRoute({
  operationId: 'listBjProjectAudit',
  method: 'GET',
  path: '/projects/{projectId}/audit',
  roles: ['admin', 'auditor'],
  summary: "The project's audit trail (X-AUDIT)",
  tags,
  params: projectParams,
  query: pageOnlyQuery,
  response: auditPage,
});

/** The beijing programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const beijingRoutes: readonly RouteContract[] = [
  openBjProjects,
  listBjProjects,
  getBjProject,
  saveBjPlan,
  submitBjPlan,
  reviewBjPlan,
  requestBjPlanChange,
  listBjChangeRequests,
  decideBjPlanChange,
  listBjMembers,
  addBjMember,
  removeBjMember,
  recordBjCheck,
  listBjChecks,
  fileBjReport,
  listBjReports,
  disqualifyBjProject,
  getBjCertificate,
  listBjProjectAudit,
];
