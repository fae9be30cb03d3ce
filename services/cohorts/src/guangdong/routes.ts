import { defineRoute, type RouteContract } from '@talent/http';
import { importBody, importReport } from '@talent/tabular';
import * as s from './schemas';

const tags = ['cohorts-guangdong'];
const writers = ['admin', 'unit'] as const;
const readers = ['admin', 'unit', 'reviewer', 'auditor'] as const;

export const registerGdPilots = defineRoute({
  operationId: 'registerGdPilots',
  method: 'POST',
  path: '/cycles/{cycleId}/pilots',
  roles: ['admin'],
  summary: 'Establish the pilots (试点院校专业) of a Guangdong cycle from its official list (idempotent)',
  tags,
  params: s.cycleParams,
  response: s.registerView,
});

export const listGdPilots = defineRoute({
  operationId: 'listGdPilots',
  method: 'GET',
  path: '/cycles/{cycleId}/pilots',
  roles: readers,
  summary: "List a cycle's pilots (a unit sees its own)",
  tags,
  params: s.cycleParams,
  query: s.listQuery,
  response: s.pilotPage,
});

export const getGdPilot = defineRoute({
  operationId: 'getGdPilot',
  method: 'GET',
  path: '/pilots/{pilotId}',
  roles: readers,
  summary: 'Read a pilot: partners, teaching and assessment team, status (ETag carries its version)',
  tags,
  params: s.pilotParams,
  response: s.pilotView,
});

export const revokeGdPilot = defineRoute({
  operationId: 'revokeGdPilot',
  method: 'POST',
  path: '/pilots/{pilotId}/revocation',
  roles: ['admin'],
  summary: 'Revoke pilot status for a violation (GD-OVERSIGHT dynamic exit; history kept)',
  tags,
  params: s.pilotParams,
  body: s.revokeBody,
  response: s.pilotView,
});

export const getGdFaculty = defineRoute({
  operationId: 'getGdFaculty',
  method: 'GET',
  path: '/pilots/{pilotId}/faculty',
  roles: readers,
  summary: "The pilot's teaching and assessment team",
  tags,
  params: s.pilotParams,
  response: s.facultyView,
});

export const replaceGdFaculty = defineRoute({
  operationId: 'replaceGdFaculty',
  method: 'PUT',
  path: '/pilots/{pilotId}/faculty',
  roles: writers,
  summary: 'Replace the teaching and assessment team (GD-FACULTY checked; If-Match required)',
  tags,
  params: s.pilotParams,
  body: s.facultyBody,
  response: s.facultyView,
  requiresIfMatch: true,
});

export const addGdFacultyMember = defineRoute({
  operationId: 'addGdFacultyMember',
  method: 'POST',
  path: '/pilots/{pilotId}/faculty',
  roles: writers,
  summary: 'Add a team member (GD-FACULTY checked on the resulting team, atomically)',
  tags,
  params: s.pilotParams,
  body: s.memberInput,
  response: s.facultyView,
  successStatus: 201,
});

export const removeGdFacultyMember = defineRoute({
  operationId: 'removeGdFacultyMember',
  method: 'DELETE',
  path: '/pilots/{pilotId}/faculty/{memberId}',
  roles: writers,
  summary: 'Remove a team member (refused when the team would breach GD-FACULTY)',
  tags,
  params: s.memberParams,
  response: s.facultyView,
});

export const createGdClass = defineRoute({
  operationId: 'createGdClass',
  method: 'POST',
  path: '/pilots/{pilotId}/classes',
  roles: writers,
  summary: 'Open a class (学制技师班) by entry level; schooling length from GD-SCHOOLING',
  tags,
  params: s.pilotParams,
  body: s.classBody,
  response: s.classView,
  successStatus: 201,
});

export const listGdClasses = defineRoute({
  operationId: 'listGdClasses',
  method: 'GET',
  path: '/pilots/{pilotId}/classes',
  roles: readers,
  summary: "A pilot's classes",
  tags,
  params: s.pilotParams,
  query: s.listQuery,
  response: s.classPage,
});

export const getGdClass = defineRoute({
  operationId: 'getGdClass',
  method: 'GET',
  path: '/classes/{classId}',
  roles: readers,
  summary: 'Read a class',
  tags,
  params: s.classParams,
  response: s.classView,
});

export const enrolGdStudent = defineRoute({
  operationId: 'enrolGdStudent',
  method: 'POST',
  path: '/classes/{classId}/students',
  roles: writers,
  summary:
    'Enrol a student with an enterprise and a school mentor (GD-DUAL-MENTOR); one enrolment per person per cycle',
  tags,
  params: s.classParams,
  body: s.studentBody,
  response: s.studentView,
  successStatus: 201,
});

export const listGdStudents = defineRoute({
  operationId: 'listGdStudents',
  method: 'GET',
  path: '/classes/{classId}/students',
  roles: readers,
  summary: "A class's students (resident IDs masked except for admin)",
  tags,
  params: s.classParams,
  query: s.listQuery,
  response: s.studentPage,
});

export const getGdStudent = defineRoute({
  operationId: 'getGdStudent',
  method: 'GET',
  path: '/students/{studentId}',
  roles: readers,
  summary: 'Read a student (ETag carries its version)',
  tags,
  params: s.studentParams,
  response: s.studentView,
});

export const recordGdOutcome = defineRoute({
  operationId: 'recordGdOutcome',
  method: 'PUT',
  path: '/students/{studentId}/outcome',
  roles: writers,
  summary: "Record a graduate's outcome and employment (GD-OUTCOME, GD-EMPLOYMENT); If-Match optional",
  tags,
  params: s.studentParams,
  body: s.outcomeBody,
  response: s.studentView,
});

export const getGdClassKpis = defineRoute({
  operationId: 'getGdClassKpis',
  method: 'GET',
  path: '/classes/{classId}/kpis',
  roles: readers,
  summary: "A class's GD-OUTCOME and GD-EMPLOYMENT indicators against the definition's targets",
  tags,
  params: s.classParams,
  response: s.kpiView,
});

export const getGdPilotKpis = defineRoute({
  operationId: 'getGdPilotKpis',
  method: 'GET',
  path: '/pilots/{pilotId}/kpis',
  roles: readers,
  summary: "A pilot's GD-OUTCOME and GD-EMPLOYMENT indicators (all its classes)",
  tags,
  params: s.pilotParams,
  response: s.kpiView,
});

export const recordGdEvaluation = defineRoute({
  operationId: 'recordGdEvaluation',
  method: 'PUT',
  path: '/pilots/{pilotId}/evaluations/{kind}',
  roles: ['admin', 'reviewer'],
  summary: 'Score the mid-term or completion-quality evaluation of a pilot (final when the stage closes)',
  tags,
  params: s.evaluationParams,
  body: s.evaluationBody,
  response: s.evaluationView,
});

export const listGdEvaluations = defineRoute({
  operationId: 'listGdEvaluations',
  method: 'GET',
  path: '/pilots/{pilotId}/evaluations',
  roles: readers,
  summary: "A pilot's evaluations",
  tags,
  params: s.pilotParams,
  response: s.evaluationList,
});

export const fileGdChange = defineRoute({
  operationId: 'fileGdChange',
  method: 'POST',
  path: '/pilots/{pilotId}/changes',
  roles: writers,
  summary: 'File a major change of curriculum, assessment or practice (GD-OVERSIGHT 备案)',
  tags,
  params: s.pilotParams,
  body: s.changeBody,
  response: s.changeView,
  successStatus: 201,
});

export const listGdChanges = defineRoute({
  operationId: 'listGdChanges',
  method: 'GET',
  path: '/pilots/{pilotId}/changes',
  roles: readers,
  summary: "A pilot's filed major changes",
  tags,
  params: s.pilotParams,
  query: s.listQuery,
  response: s.changePage,
});

export const importGdOutcomes = defineRoute({
  operationId: 'importGdOutcomes',
  method: 'POST',
  path: '/classes/{classId}/outcomes/import',
  roles: writers,
  summary: "Import a class's graduate outcomes from CSV or XLSX (rows by resident ID; per-row errors)",
  description:
    '`all-or-nothing` (default) applies every row or none (at most 50 rows, one transaction); `valid-rows` applies the valid rows and reports the rest. Always 200 with the report.',
  tags,
  params: s.classParams,
  body: importBody,
  response: importReport,
  maxBodyBytes: 4 * 1024 * 1024,
});

/** The guangdong programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const guangdongRoutes: readonly RouteContract[] = [
  registerGdPilots,
  listGdPilots,
  getGdPilot,
  revokeGdPilot,
  getGdFaculty,
  replaceGdFaculty,
  addGdFacultyMember,
  removeGdFacultyMember,
  createGdClass,
  listGdClasses,
  getGdClass,
  enrolGdStudent,
  listGdStudents,
  getGdStudent,
  recordGdOutcome,
  getGdClassKpis,
  getGdPilotKpis,
  recordGdEvaluation,
  listGdEvaluations,
  fileGdChange,
  listGdChanges,
  importGdOutcomes,
];
