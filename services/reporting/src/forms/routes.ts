import { defineRoute, type RouteContract } from '@talent/http';
import * as z from 'zod';
import {
  cycleParams,
  employerParams,
  employerSummaryView,
  employerSurveyBody,
  employerSurveyCorrectionBody,
  employerSurveyView,
  gdMaterialsView,
  lsFormView,
  lsNominationView,
  lsSchoolsView,
  masterParams,
  satisfactionBody,
  satisfactionCorrectionBody,
  satisfactionFormView,
  satisfactionQuery,
  satisfactionResponseView,
  schoolParams,
  scorecardBody,
  scorecardCorrectionBody,
  scorecardFormView,
  scorecardOverviewView,
  scorecardParams,
  scorecardView,
  traineeParams,
  unitChoiceView,
  unitParams,
} from './schemas';

const tags = ['forms'];
const readers = ['admin', 'reviewer', 'unit', 'auditor'] as const;
const enterers = ['admin', 'unit'] as const;
const xlsx = z.lazy(() => z.string().describe('the XLSX file (base64 in the Lambda response)'));
const html = z.lazy(() => z.string().describe('the printable HTML document (text/html)'));
const HTML_NOTE =
  'A printable HTML document (A4 print CSS) of the same rows as the XLSX, every text HTML-escaped; personal data masked as in the JSON.';
const CORRECTION_NOTE =
  'Replaces the stored form: If-Match with its ETag (`"<version>"`, answered by the POST, the PUT and the form\'s listing) is required (428 without, 412 stale, nothing written); `reason` (1–500 characters) goes to the audit record with the form before and after (X-AUDIT); the first `submittedAt`/`recordedAt` stays, `correctedAt`, `correctedBy` and `corrections` are set; the answer carries the new `version` and `ETag`. Refused once the cycle\'s acceptance stage is closed (409 JS-FORMS).';
const XLSX_NOTE = 'An XLSX workbook (Content-Disposition attachment) with the same numbers as the JSON form.';

// ——— Jiangsu 附件4 ———

export const submitJsScorecard = defineRoute({
  operationId: 'submitJsUnitScorecard',
  method: 'POST',
  path: '/cycles/{cycleId}/forms/js-scorecards/{unitId}',
  roles: ['admin', 'reviewer'],
  summary: '附件4 承训单位考核验收表: a reviewer scores the training unit item by item (20 × 0–5)',
  description:
    'All 20 items, integers 0–5 (422 JS-FORMS otherwise); one scorecard per reviewer per unit per cycle (409 JS-FORMS); a reviewer of the unit (token unit or registered unit) is refused (403 X-RECUSAL).',
  tags,
  params: unitParams,
  body: scorecardBody,
  response: scorecardView,
  successStatus: 201,
});

export const correctJsScorecard = defineRoute({
  operationId: 'correctJsUnitScorecard',
  method: 'PUT',
  path: '/cycles/{cycleId}/forms/js-scorecards/{unitId}/reviewers/{reviewerId}',
  roles: ['admin', 'reviewer'],
  summary: '附件4: the reviewer corrects its own scorecard of the unit (20 × 0–5 again, with a reason)',
  description: `Only the reviewer who made the scorecard (reviewerId = the token subject; an admin too only its own) corrects it (403 JS-FORMS otherwise); the POST's validation (422 JS-FORMS) and recusal (403 X-RECUSAL). ${CORRECTION_NOTE}`,
  tags,
  params: scorecardParams,
  body: scorecardCorrectionBody,
  response: scorecardView,
  requiresIfMatch: true,
});

export const getJsScorecardForm = defineRoute({
  operationId: 'getJsUnitScorecardForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards/{unitId}',
  roles: readers,
  summary: "附件4: the unit's scorecards, section totals (55/20/25) and the means over reviewers",
  tags,
  params: unitParams,
  response: scorecardFormView,
});

export const downloadJsScorecardForm = defineRoute({
  operationId: 'downloadJsUnitScorecardForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards/{unitId}/form.xlsx',
  roles: readers,
  summary: '附件4 承训单位考核验收表 as XLSX (items, points, scores, subtotals and total as formulas)',
  description: XLSX_NOTE,
  tags,
  params: unitParams,
  response: xlsx,
});

export const getJsScorecardOverview = defineRoute({
  operationId: 'getJsUnitScorecardOverview',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards',
  roles: readers,
  summary:
    "附件4 across the cycle's training units: reviewers and mean section totals and total (a unit: its own)",
  tags,
  params: cycleParams,
  response: scorecardOverviewView,
});

export const downloadJsScorecardOverview = defineRoute({
  operationId: 'downloadJsUnitScorecardOverview',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards.xlsx',
  roles: readers,
  summary: '附件4 across the training units, as XLSX',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

// ——— Jiangsu 附件2 ———

export const recordJsSatisfaction = defineRoute({
  operationId: 'recordJsSatisfactionResponse',
  method: 'POST',
  path: '/cycles/{cycleId}/forms/js-satisfaction/responses',
  roles: enterers,
  summary: "附件2 培育对象满意度调查表: the trainee's training unit enters the trainee's response",
  description: 'One response per trainee per cycle (409 JS-FORMS). Ratings 优秀/良好/一般/较差.',
  tags,
  params: cycleParams,
  body: satisfactionBody,
  response: satisfactionResponseView,
  successStatus: 201,
});

export const correctJsSatisfaction = defineRoute({
  operationId: 'correctJsSatisfactionResponse',
  method: 'PUT',
  path: '/cycles/{cycleId}/forms/js-satisfaction/responses/{traineeId}',
  roles: enterers,
  summary: "附件2: the trainee's training unit (or admin) corrects the trainee's response, with a reason",
  description: `The POST body (\`traineeId\` optional; when given it must be the path's, 422 otherwise) and \`reason\`; without \`filledOn\` the response keeps its 时间. Another unit's trainee or an unknown response: 404. ${CORRECTION_NOTE}`,
  tags,
  params: traineeParams,
  body: satisfactionCorrectionBody,
  response: satisfactionResponseView,
  requiresIfMatch: true,
});

export const getJsSatisfactionForm = defineRoute({
  operationId: 'getJsSatisfactionForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-satisfaction/{unitId}',
  roles: readers,
  summary: '附件2 aggregated for a unit: counts and shares per rating, per item, course and instructor',
  tags,
  params: unitParams,
  query: satisfactionQuery,
  response: satisfactionFormView,
});

export const downloadJsSatisfactionForm = defineRoute({
  operationId: 'downloadJsSatisfactionForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-satisfaction/{unitId}/form.xlsx',
  roles: readers,
  summary: '附件2 aggregated for a unit, as XLSX',
  description: XLSX_NOTE,
  tags,
  params: unitParams,
  query: satisfactionQuery,
  response: xlsx,
});

// ——— Jiangsu 附件3 ———

export const recordJsEmployerSurvey = defineRoute({
  operationId: 'recordJsEmployerSurvey',
  method: 'POST',
  path: '/cycles/{cycleId}/forms/js-employer-surveys',
  roles: enterers,
  summary: '附件3 用人单位调查和评价表: the employer unit (or admin) enters its survey',
  description: 'One survey per employer per cycle (409 JS-FORMS).',
  tags,
  params: cycleParams,
  body: employerSurveyBody,
  response: employerSurveyView,
  successStatus: 201,
});

export const correctJsEmployerSurvey = defineRoute({
  operationId: 'correctJsEmployerSurvey',
  method: 'PUT',
  path: '/cycles/{cycleId}/forms/js-employer-surveys/{employerUnitId}',
  roles: enterers,
  summary: "附件3: the employer unit (or admin) corrects the employer's survey, with a reason",
  description: `The POST body (\`employerUnitId\` optional; when given it must be the path's, 422 otherwise) and \`reason\`; without \`filledOn\` the survey keeps its 时间. A unit other than the employer: 403 P-UNIT-SCOPE (as the POST); an unknown survey: 404. ${CORRECTION_NOTE}`,
  tags,
  params: employerParams,
  body: employerSurveyCorrectionBody,
  response: employerSurveyView,
  requiresIfMatch: true,
});

export const getJsEmployerSurveyForm = defineRoute({
  operationId: 'getJsEmployerSurveyForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-employer-surveys',
  roles: readers,
  summary: '附件3 aggregated: totals per occupation and every employer survey (a unit: its own)',
  tags,
  params: cycleParams,
  response: employerSummaryView,
});

export const downloadJsEmployerSurveyForm = defineRoute({
  operationId: 'downloadJsEmployerSurveyForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-employer-surveys.xlsx',
  roles: readers,
  summary: '附件3 aggregated, as XLSX',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

// ——— Jiangsu 附件1 ———

export const getJsUnitChoiceForm = defineRoute({
  operationId: 'getJsUnitChoiceForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-unit-choices',
  roles: readers,
  summary: '附件1 培育对象选取承训单位汇总表: trainees per unit and major (a unit: its own)',
  tags,
  params: cycleParams,
  response: unitChoiceView,
});

export const downloadJsUnitChoiceForm = defineRoute({
  operationId: 'downloadJsUnitChoiceForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-unit-choices.xlsx',
  roles: readers,
  summary: '附件1 as XLSX',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

// ——— Lishui ———

export const getLsMasterSummaries = defineRoute({
  operationId: 'getLsMasterSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters',
  roles: readers,
  summary: '附表2 of every school of the cycle (a school: its own)',
  tags,
  params: cycleParams,
  response: lsSchoolsView,
});

export const downloadLsMasterSummaries = defineRoute({
  operationId: 'downloadLsMasterSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters.xlsx',
  roles: readers,
  summary: '附表2 of every school of the cycle as XLSX, one sheet per school',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

export const getLsPairingSummaries = defineRoute({
  operationId: 'getLsPairingSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings',
  roles: readers,
  summary: '附表3 of every school of the cycle (a school: its own)',
  tags,
  params: cycleParams,
  response: lsSchoolsView,
});

export const downloadLsPairingSummaries = defineRoute({
  operationId: 'downloadLsPairingSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings.xlsx',
  roles: readers,
  summary: '附表3 of every school of the cycle as XLSX, one sheet per school',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

export const getLsMasterSummary = defineRoute({
  operationId: 'getLsMasterSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters/{schoolId}',
  roles: readers,
  summary: '附表2 “百名大师”汇总表 of a school (the seed’s columns in order)',
  tags,
  params: schoolParams,
  response: lsFormView,
});

export const downloadLsMasterSummary = defineRoute({
  operationId: 'downloadLsMasterSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters/{schoolId}/form.xlsx',
  roles: readers,
  summary: '附表2 as XLSX',
  description: XLSX_NOTE,
  tags,
  params: schoolParams,
  response: xlsx,
});

export const getLsPairingSummary = defineRoute({
  operationId: 'getLsPairingSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings/{schoolId}',
  roles: readers,
  summary: '附表3 “师徒结对”情况汇总表 of a school (active or completed pairings, per master)',
  tags,
  params: schoolParams,
  response: lsFormView,
});

export const downloadLsPairingSummary = defineRoute({
  operationId: 'downloadLsPairingSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings/{schoolId}/form.xlsx',
  roles: readers,
  summary: '附表3 as XLSX',
  description: XLSX_NOTE,
  tags,
  params: schoolParams,
  response: xlsx,
});

export const getLsMasterNomination = defineRoute({
  operationId: 'getLsMasterNominationForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-master-nominations/{masterId}',
  roles: readers,
  summary: '附表1 “百名大师”推荐表 of a master of the official list (出生年月 masked unless admin)',
  tags,
  params: masterParams,
  response: lsNominationView,
});

export const downloadLsMasterNomination = defineRoute({
  operationId: 'downloadLsMasterNominationForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-master-nominations/{masterId}/form.xlsx',
  roles: readers,
  summary: '附表1 as XLSX',
  description: XLSX_NOTE,
  tags,
  params: masterParams,
  response: xlsx,
});

// ——— Guangdong 申报材料 ———

export const getGdMaterials = defineRoute({
  operationId: 'getGdMaterialsChecklist',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/gd-materials',
  roles: readers,
  summary:
    '申报材料清单 (GD-MATERIALS): per submitted pilot-major nomination, the required materials, present and missing (a unit: its own)',
  tags,
  params: cycleParams,
  response: gdMaterialsView,
});

export const downloadGdMaterials = defineRoute({
  operationId: 'downloadGdMaterialsChecklist',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/gd-materials.xlsx',
  roles: readers,
  summary: '申报材料清单 as XLSX',
  description: XLSX_NOTE,
  tags,
  params: cycleParams,
  response: xlsx,
});

// ——— printable HTML views ———

export const printJsScorecardForm = defineRoute({
  operationId: 'printJsUnitScorecardForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards/{unitId}/form.html',
  roles: readers,
  summary: '附件4 承训单位考核验收表 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: unitParams,
  response: html,
});

export const printLsMasterSummary = defineRoute({
  operationId: 'printLsMasterSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters/{schoolId}/form.html',
  roles: readers,
  summary: '附表2 “百名大师”汇总表 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: schoolParams,
  response: html,
});

export const printLsMasterNomination = defineRoute({
  operationId: 'printLsMasterNominationForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-master-nominations/{masterId}/form.html',
  roles: readers,
  summary: '附表1 “百名大师”推荐表 as printable HTML (出生年月 masked unless admin)',
  description: HTML_NOTE,
  tags,
  params: masterParams,
  response: html,
});

export const printGdMaterials = defineRoute({
  operationId: 'printGdMaterialsChecklist',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/gd-materials.html',
  roles: readers,
  summary: '申报材料清单 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

export const printJsUnitChoices = defineRoute({
  operationId: 'printJsUnitChoiceForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-unit-choices.html',
  roles: readers,
  summary: '附件1 培育对象选取承训单位汇总表 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

export const printJsSatisfactionForm = defineRoute({
  operationId: 'printJsSatisfactionForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-satisfaction/{unitId}/form.html',
  roles: readers,
  summary: '附件2 培育对象满意度调查表 (aggregated for a unit) as printable HTML',
  description: HTML_NOTE,
  tags,
  params: unitParams,
  query: satisfactionQuery,
  response: html,
});

export const printJsEmployerSurveys = defineRoute({
  operationId: 'printJsEmployerSurveyForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-employer-surveys.html',
  roles: readers,
  summary: '附件3 用人单位调查和评价表 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

export const printLsPairingSummary = defineRoute({
  operationId: 'printLsPairingSummaryForm',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings/{schoolId}/form.html',
  roles: readers,
  summary: '附表3 “师徒结对”情况汇总表 as printable HTML',
  description: HTML_NOTE,
  tags,
  params: schoolParams,
  response: html,
});

export const printJsScorecardOverview = defineRoute({
  operationId: 'printJsUnitScorecardOverview',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/js-scorecards.html',
  roles: readers,
  summary: '附件4 across the training units (承训单位考核验收汇总) as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

export const printLsMasterSummaries = defineRoute({
  operationId: 'printLsMasterSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-masters.html',
  roles: readers,
  summary: '附表2 of every school of the cycle as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

export const printLsPairingSummaries = defineRoute({
  operationId: 'printLsPairingSummaryForms',
  method: 'GET',
  path: '/cycles/{cycleId}/forms/ls-pairings.html',
  roles: readers,
  summary: '附表3 of every school of the cycle as printable HTML',
  description: HTML_NOTE,
  tags,
  params: cycleParams,
  response: html,
});

/** The reporting service's forms routes (contracts only). */
export const formsRoutes: readonly RouteContract[] = [
  submitJsScorecard,
  correctJsScorecard,
  getJsScorecardForm,
  downloadJsScorecardForm,
  getJsScorecardOverview,
  downloadJsScorecardOverview,
  recordJsSatisfaction,
  correctJsSatisfaction,
  getJsSatisfactionForm,
  downloadJsSatisfactionForm,
  recordJsEmployerSurvey,
  correctJsEmployerSurvey,
  getJsEmployerSurveyForm,
  downloadJsEmployerSurveyForm,
  getJsUnitChoiceForm,
  downloadJsUnitChoiceForm,
  getLsMasterSummaries,
  downloadLsMasterSummaries,
  getLsPairingSummaries,
  downloadLsPairingSummaries,
  getLsMasterSummary,
  downloadLsMasterSummary,
  getLsPairingSummary,
  downloadLsPairingSummary,
  getLsMasterNomination,
  downloadLsMasterNomination,
  getGdMaterials,
  downloadGdMaterials,
  printJsScorecardForm,
  printLsMasterSummary,
  printLsMasterNomination,
  printGdMaterials,
  printJsUnitChoices,
  printJsSatisfactionForm,
  printJsEmployerSurveys,
  printLsPairingSummary,
  printJsScorecardOverview,
  printLsMasterSummaries,
  printLsPairingSummaries,
];
