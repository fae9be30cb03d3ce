import { defineRoute, type RouteContract } from '@talent/http';
import { importBody, importReport } from '@talent/tabular';
import * as s from './schemas';

const tags = ['cohorts', 'jiangsu'];
const readers = ['admin', 'unit', 'reviewer', 'auditor'] as const;
const unitWriters = ['admin', 'unit'] as const;
const adminOnly = ['admin'] as const;
/** Import bodies carry a spreadsheet as base64. */
export const IMPORT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export const putJsTrainingUnit = defineRoute({
  operationId: 'putJsTrainingUnit',
  method: 'PUT',
  path: '/cycles/{cycleId}/training-units/{unitId}',
  roles: adminOnly,
  summary: 'Register (or change) a training unit of the cycle with its majors (JS-TRAINING-UNITS)',
  description:
    'Majors from the national technical-school catalogue (code + name as given). The unit id is the id a unit user carries in its token.',
  tags,
  params: s.unitParams,
  body: s.trainingUnitBody,
  response: s.unitView,
});

export const listJsTrainingUnits = defineRoute({
  operationId: 'listJsTrainingUnits',
  method: 'GET',
  path: '/cycles/{cycleId}/training-units',
  roles: readers,
  summary: 'List the training units of the cycle (a unit sees only itself)',
  tags,
  params: s.cycleParams,
  query: s.listQuery,
  response: s.unitPage,
});

export const getJsTrainingUnit = defineRoute({
  operationId: 'getJsTrainingUnit',
  method: 'GET',
  path: '/cycles/{cycleId}/training-units/{unitId}',
  roles: readers,
  summary: 'Read a training unit with its majors and plan',
  tags,
  params: s.unitParams,
  response: s.unitView,
});

export const putJsTrainingPlan = defineRoute({
  operationId: 'putJsTrainingPlan',
  method: 'PUT',
  path: '/cycles/{cycleId}/training-units/{unitId}/plan',
  roles: unitWriters,
  summary: "Set the unit's training plan (JS-WINDOW, JS-HOURS-RATIO)",
  description: 'Dates in the first three quarters, span ≤5 months; theory : practice = 4 : 6 (±5 points).',
  tags,
  params: s.unitParams,
  body: s.trainingPlanBody,
  response: s.unitView,
});

export const addJsSession = defineRoute({
  operationId: 'addJsSession',
  method: 'POST',
  path: '/cycles/{cycleId}/training-units/{unitId}/sessions',
  roles: unitWriters,
  summary: 'Add a session (theory or practice) inside the plan (JS-WINDOW)',
  tags,
  params: s.unitParams,
  body: s.sessionBody,
  response: s.sessionView,
  successStatus: 201,
});

export const listJsSessions = defineRoute({
  operationId: 'listJsSessions',
  method: 'GET',
  path: '/cycles/{cycleId}/training-units/{unitId}/sessions',
  roles: readers,
  summary: "List the unit's sessions",
  tags,
  params: s.unitParams,
  query: s.listQuery,
  response: s.sessionPage,
});

export const submitJsGrades = defineRoute({
  operationId: 'submitJsGrades',
  method: 'POST',
  path: '/cycles/{cycleId}/training-units/{unitId}/grades',
  roles: unitWriters,
  summary: "Submit the unit's grades for all its trainees in one request (JS-GRADES, JS-GRADE-QUOTA)",
  description:
    '优秀 and 良好 each ≤30% of the unit’s trainees (rounded down); hours or credits below 70% → 不合格 (JS-ATTENDANCE-FAIL); missing reports flagged (JS-REPORT). A resubmission sends If-Match with the grades’ version; refused once the acceptance is final.',
  tags,
  params: s.unitParams,
  body: s.gradesBody,
  response: s.gradingView,
});

export const getJsGrades = defineRoute({
  operationId: 'getJsGrades',
  method: 'GET',
  path: '/cycles/{cycleId}/training-units/{unitId}/grades',
  roles: readers,
  summary: "Read the unit's grades",
  tags,
  params: s.unitParams,
  response: s.gradingView,
});

export const putJsCityLead = defineRoute({
  operationId: 'putJsCityLead',
  method: 'PUT',
  path: '/cycles/{cycleId}/city-leads/{city}',
  roles: adminOnly,
  summary: "Name the city's one official (市级负责人, JS-CITY-LEAD) by user id",
  tags,
  params: s.cityParams,
  body: s.cityLeadBody,
  response: s.cityLeadView,
});

export const listJsCityLeads = defineRoute({
  operationId: 'listJsCityLeads',
  method: 'GET',
  path: '/cycles/{cycleId}/city-leads',
  roles: readers,
  summary: 'List the city leads of the cycle',
  tags,
  params: s.cycleParams,
  query: s.listQuery,
  response: s.cityLeadPage,
});

export const enrolJsTrainee = defineRoute({
  operationId: 'enrolJsTrainee',
  method: 'POST',
  path: '/cycles/{cycleId}/trainees',
  roles: unitWriters,
  summary: "Record a trainee's choice of unit and major (from the official list, JS-TRAINING-UNITS)",
  tags,
  params: s.cycleParams,
  body: s.enrolBody,
  response: s.traineeView,
  successStatus: 201,
});

export const listJsTrainees = defineRoute({
  operationId: 'listJsTrainees',
  method: 'GET',
  path: '/cycles/{cycleId}/trainees',
  roles: readers,
  summary: 'List the trainees of the cycle (optionally of one unit; a unit sees its own)',
  tags,
  params: s.cycleParams,
  query: s.traineeListQuery,
  response: s.traineePage,
});

export const getJsTraineeFile = defineRoute({
  operationId: 'getJsTraineeFile',
  method: 'GET',
  path: '/trainees/{traineeId}',
  roles: readers,
  summary: 'The individual training file: sessions, attendance, leave, report, grade (JS-INSTRUCTOR)',
  tags,
  params: s.traineeParams,
  response: s.traineeFileView,
});

export const assignJsInstructor = defineRoute({
  operationId: 'assignJsInstructor',
  method: 'PUT',
  path: '/trainees/{traineeId}/instructor',
  roles: unitWriters,
  summary: 'Assign the one instructor (副高级 title or 高级技师, JS-INSTRUCTOR)',
  tags,
  params: s.traineeParams,
  body: s.instructorBody,
  response: s.traineeView,
});

export const recordJsAttendance = defineRoute({
  operationId: 'recordJsAttendance',
  method: 'PUT',
  path: '/trainees/{traineeId}/attendance/{sessionId}',
  roles: unitWriters,
  summary: "Record (or correct) a trainee's attendance and credits at a session",
  description: 'Online only for theory sessions that allow it and out-of-town trainees (JS-HOURS-RATIO).',
  tags,
  params: s.traineeSessionParams,
  body: s.attendanceBody,
  response: s.attendanceView,
});

export const requestJsLeave = defineRoute({
  operationId: 'requestJsLeave',
  method: 'POST',
  path: '/trainees/{traineeId}/leave',
  roles: unitWriters,
  summary: 'Request leave for a trainee (decided by the city lead, JS-CITY-LEAD)',
  tags,
  params: s.traineeParams,
  body: s.leaveBody,
  response: s.leaveView,
  successStatus: 201,
});

export const decideJsLeave = defineRoute({
  operationId: 'decideJsLeave',
  method: 'POST',
  path: '/trainees/{traineeId}/leave/{leaveId}/decision',
  roles: ['admin', 'reviewer'],
  summary: 'Approve or reject leave: only the named lead of the unit’s city (JS-CITY-LEAD)',
  tags,
  params: s.leaveParams,
  body: s.leaveDecisionBody,
  response: s.leaveView,
});

export const submitJsReport = defineRoute({
  operationId: 'submitJsReport',
  method: 'POST',
  path: '/trainees/{traineeId}/report',
  roles: unitWriters,
  summary: 'Hand in the year’s one research report (JS-REPORT)',
  tags,
  params: s.traineeParams,
  body: s.reportBody,
  response: s.reportView,
  successStatus: 201,
});

export const scoreJsReport = defineRoute({
  operationId: 'scoreJsReport',
  method: 'PUT',
  path: '/trainees/{traineeId}/report/score',
  roles: ['admin', 'reviewer'],
  summary: 'An expert scores the research report (JS-REPORT)',
  tags,
  params: s.traineeParams,
  body: s.reportScoreBody,
  response: s.reportView,
});

export const deferJsTrainee = defineRoute({
  operationId: 'deferJsTrainee',
  method: 'POST',
  path: '/trainees/{traineeId}/deferral',
  roles: unitWriters,
  summary: "Defer once to the next year's cycle; hours and credits restart (JS-DEFERRAL)",
  tags,
  params: s.traineeParams,
  body: s.deferralBody,
  response: s.deferralView,
  successStatus: 201,
});

export const continueJsTrainee = defineRoute({
  operationId: 'continueJsTrainee',
  method: 'POST',
  path: '/trainees/{traineeId}/continuation',
  roles: adminOnly,
  summary: "Carry a trainee who passed year 1 into the next year's cycle as year 2 (JS-TRACKING)",
  tags,
  params: s.traineeParams,
  body: s.continuationBody,
  response: s.continuationView,
  successStatus: 201,
});

export const issueJsCertificate = defineRoute({
  operationId: 'issueJsCertificate',
  method: 'POST',
  path: '/trainees/{traineeId}/certificate',
  roles: adminOnly,
  summary:
    'Issue the joint certificate (provincial HRSS + training unit) after year 2 passed (JS-CERTIFICATE)',
  tags,
  params: s.traineeParams,
  response: s.certificateView,
  successStatus: 201,
});

export const recordJsSanction = defineRoute({
  operationId: 'recordJsSanction',
  method: 'POST',
  path: '/sanctions',
  roles: adminOnly,
  summary: 'Record a sanction against a person or an employer unit, 3 years from imposition (JS-SANCTIONS)',
  tags,
  body: s.sanctionBody,
  response: s.sanctionView,
  successStatus: 201,
});

export const listJsSanctions = defineRoute({
  operationId: 'listJsSanctions',
  method: 'GET',
  path: '/sanctions',
  roles: ['admin', 'auditor'],
  summary: 'List the sanctions of a unit or of a trainee',
  tags,
  query: s.sanctionQuery,
  response: s.sanctionPage,
});

export const getJsAcceptance = defineRoute({
  operationId: 'getJsAcceptance',
  method: 'GET',
  path: '/cycles/{cycleId}/acceptance',
  roles: ['admin', 'unit', 'auditor', 'finance'],
  summary:
    'Acceptance results per trainee and per unit (passed by category: the count money follows, JS-ACCEPTANCE)',
  description: 'Provisional until the acceptance stage closes, final afterwards. Paginated by unit.',
  tags,
  params: s.cycleParams,
  query: s.listQuery,
  response: s.acceptanceView,
});

export const importJsAttendance = defineRoute({
  operationId: 'importJsAttendance',
  method: 'POST',
  path: '/cycles/{cycleId}/training-units/{unitId}/attendance-imports',
  roles: unitWriters,
  summary: "Import the unit's attendance from CSV/XLSX (per-row errors; all-or-nothing or valid rows)",
  description:
    'Columns 培育对象编号/traineeId, 课次编号/sessionId, 是否出勤/present, 学时/hours, 学分/credits, 线上/online; at most 2,000 rows. All-or-nothing writes every row in one transaction (≤100 items: split larger files or use valid-rows). Refused once the unit’s grading started (JS-GRADES).',
  tags,
  params: s.unitParams,
  body: importBody,
  response: importReport,
  maxBodyBytes: IMPORT_MAX_BODY_BYTES,
});

export const importJsGrades = defineRoute({
  operationId: 'importJsGrades',
  method: 'POST',
  path: '/cycles/{cycleId}/training-units/{unitId}/grade-imports',
  roles: unitWriters,
  summary: "Import the unit's grades from CSV/XLSX: one submission, all-or-nothing (JS-GRADE-QUOTA)",
  description:
    'Columns 培育对象编号/traineeId, 等次/grade, 得分/score (at most 200 rows). Same checks as submitJsGrades; a resubmission sends If-Match with the version of the grades it replaces.',
  tags,
  params: s.unitParams,
  body: importBody,
  response: importReport,
  maxBodyBytes: IMPORT_MAX_BODY_BYTES,
});

export const jiangsuRoutes: readonly RouteContract[] = [
  putJsTrainingUnit,
  listJsTrainingUnits,
  getJsTrainingUnit,
  putJsTrainingPlan,
  addJsSession,
  listJsSessions,
  submitJsGrades,
  getJsGrades,
  putJsCityLead,
  listJsCityLeads,
  enrolJsTrainee,
  listJsTrainees,
  getJsTraineeFile,
  assignJsInstructor,
  recordJsAttendance,
  requestJsLeave,
  decideJsLeave,
  submitJsReport,
  scoreJsReport,
  deferJsTrainee,
  continueJsTrainee,
  issueJsCertificate,
  recordJsSanction,
  listJsSanctions,
  getJsAcceptance,
  importJsAttendance,
  importJsGrades,
];
