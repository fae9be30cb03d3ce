import { etagHeader, implement, type RouteImplementation } from '@talent/http';
import { readCycle } from '@talent/svc-nominations/roster';
import { htmlResult, sheetsToHtml, sheetToHtml, titled } from './html';
import * as r from './routes';
import * as gd from './use-cases/guangdong';
import * as js from './use-cases/js-scorecard';
import * as surveys from './use-cases/js-surveys';
import * as ls from './use-cases/lishui';
import { xlsxResult } from './workbook';

/** A stored form's answer: the form and its ETag (`"<version>"`, for the If-Match of a correction). */
const versioned = <T extends { readonly version: number }>(body: T, status?: number) => ({
  ...(status ? { status } : {}),
  body,
  headers: etagHeader(body),
});

/** The code behind `formsRoutes`. */
export const formsImplementations: readonly RouteImplementation[] = [
  implement(r.submitJsScorecard, async (req) =>
    versioned(
      await js.submitScorecard(req.auth, req.params.cycleId, req.params.unitId, req.body, req.requestId),
      201,
    ),
  ),
  implement(r.correctJsScorecard, async (req) =>
    versioned(
      await js.correctScorecard(
        req.auth,
        req.params.cycleId,
        req.params.unitId,
        req.params.reviewerId,
        req.body,
        req.ifMatch,
        req.requestId,
      ),
    ),
  ),
  implement(r.getJsScorecardForm, async (req) => ({
    body: await js.scorecardForm(req.auth, req.params.cycleId, req.params.unitId),
  })),
  implement(r.downloadJsScorecardForm, async (req) => {
    const form = await js.scorecardForm(req.auth, req.params.cycleId, req.params.unitId);
    const year = (await readCycle(req.auth.agencyId, req.params.cycleId))?.year ?? 0;
    return xlsxResult(
      { sheets: [js.scorecardSheet(form, year)] },
      `附件4_承训单位考核验收表_${form.unitId}.xlsx`,
    );
  }),
  implement(r.getJsScorecardOverview, async (req) => ({
    body: await js.scorecardOverview(req.auth, req.params.cycleId),
  })),
  implement(r.downloadJsScorecardOverview, async (req) => {
    const o = await js.scorecardOverview(req.auth, req.params.cycleId);
    return xlsxResult(
      { sheets: [js.scorecardOverviewSheet(o)] },
      `附件4_承训单位考核验收汇总_${o.cycleId}.xlsx`,
    );
  }),
  implement(r.recordJsSatisfaction, async (req) =>
    versioned(await surveys.recordSatisfaction(req.auth, req.params.cycleId, req.body, req.requestId), 201),
  ),
  implement(r.correctJsSatisfaction, async (req) =>
    versioned(
      await surveys.correctSatisfaction(
        req.auth,
        req.params.cycleId,
        req.params.traineeId,
        req.body,
        req.ifMatch,
        req.requestId,
      ),
    ),
  ),
  implement(r.getJsSatisfactionForm, async (req) => ({
    body: await surveys.satisfactionForm(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.query.majorCode,
    ),
  })),
  implement(r.downloadJsSatisfactionForm, async (req) => {
    const form = await surveys.satisfactionForm(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.query.majorCode,
    );
    return xlsxResult(
      { sheets: surveys.satisfactionSheets(form) },
      `附件2_培育对象满意度调查表_${form.unitId}.xlsx`,
    );
  }),
  implement(r.recordJsEmployerSurvey, async (req) =>
    versioned(await surveys.recordEmployerSurvey(req.auth, req.params.cycleId, req.body, req.requestId), 201),
  ),
  implement(r.correctJsEmployerSurvey, async (req) =>
    versioned(
      await surveys.correctEmployerSurvey(
        req.auth,
        req.params.cycleId,
        req.params.employerUnitId,
        req.body,
        req.ifMatch,
        req.requestId,
      ),
    ),
  ),
  implement(r.getJsEmployerSurveyForm, async (req) => ({
    body: await surveys.employerSummary(req.auth, req.params.cycleId),
  })),
  implement(r.downloadJsEmployerSurveyForm, async (req) => {
    const s = await surveys.employerSummary(req.auth, req.params.cycleId);
    return xlsxResult({ sheets: surveys.employerSheets(s) }, `附件3_用人单位调查和评价表_${s.cycleId}.xlsx`);
  }),
  implement(r.getJsUnitChoiceForm, async (req) => ({
    body: await surveys.unitChoices(req.auth, req.params.cycleId),
  })),
  implement(r.downloadJsUnitChoiceForm, async (req) => {
    const u = await surveys.unitChoices(req.auth, req.params.cycleId);
    return xlsxResult(
      { sheets: [surveys.unitChoiceSheet(u)] },
      `附件1_培育对象选取承训单位汇总表_${u.cycleId}.xlsx`,
    );
  }),
  implement(r.getLsMasterSummaries, async (req) => ({
    body: await ls.masterSummaries(req.auth, req.params.cycleId),
  })),
  implement(r.downloadLsMasterSummaries, async (req) => {
    const f = await ls.masterSummaries(req.auth, req.params.cycleId);
    return xlsxResult(
      { sheets: ls.perSchoolSheets(f.schools, '附表2', ls.masterSummarySheet) },
      `附表2_百名大师汇总表_${f.cycleId}.xlsx`,
    );
  }),
  implement(r.getLsPairingSummaries, async (req) => ({
    body: await ls.pairingSummaries(req.auth, req.params.cycleId),
  })),
  implement(r.downloadLsPairingSummaries, async (req) => {
    const f = await ls.pairingSummaries(req.auth, req.params.cycleId);
    return xlsxResult(
      { sheets: ls.perSchoolSheets(f.schools, '附表3', ls.pairingSummarySheet) },
      `附表3_师徒结对情况汇总表_${f.cycleId}.xlsx`,
    );
  }),
  implement(r.getLsMasterSummary, async (req) => ({
    body: await ls.masterSummary(req.auth, req.params.cycleId, req.params.schoolId),
  })),
  implement(r.downloadLsMasterSummary, async (req) => {
    const f = await ls.masterSummary(req.auth, req.params.cycleId, req.params.schoolId);
    return xlsxResult({ sheets: [ls.masterSummarySheet(f)] }, `附表2_百名大师汇总表_${f.schoolId}.xlsx`);
  }),
  implement(r.getLsPairingSummary, async (req) => ({
    body: await ls.pairingSummary(req.auth, req.params.cycleId, req.params.schoolId),
  })),
  implement(r.downloadLsPairingSummary, async (req) => {
    const f = await ls.pairingSummary(req.auth, req.params.cycleId, req.params.schoolId);
    return xlsxResult({ sheets: [ls.pairingSummarySheet(f)] }, `附表3_师徒结对情况汇总表_${f.schoolId}.xlsx`);
  }),
  implement(r.getLsMasterNomination, async (req) => ({
    body: await ls.masterNomination(req.auth, req.params.cycleId, req.params.masterId),
  })),
  implement(r.downloadLsMasterNomination, async (req) => {
    const f = await ls.masterNomination(req.auth, req.params.cycleId, req.params.masterId);
    return xlsxResult({ sheets: [ls.masterNominationSheet(f)] }, `附表1_百名大师推荐表_${f.masterId}.xlsx`);
  }),
  implement(r.getGdMaterials, async (req) => ({
    body: await gd.materialsChecklist(req.auth, req.params.cycleId),
  })),
  implement(r.downloadGdMaterials, async (req) => {
    const c = await gd.materialsChecklist(req.auth, req.params.cycleId);
    return xlsxResult({ sheets: [gd.materialsSheet(c)] }, `申报材料清单_${c.cycleId}.xlsx`);
  }),
  implement(r.printJsScorecardForm, async (req) => {
    const form = await js.scorecardForm(req.auth, req.params.cycleId, req.params.unitId);
    const year = (await readCycle(req.auth.agencyId, req.params.cycleId))?.year ?? 0;
    return htmlResult(sheetToHtml(js.scorecardSheet(form, year), 3));
  }),
  implement(r.printLsMasterSummary, async (req) => {
    const f = await ls.masterSummary(req.auth, req.params.cycleId, req.params.schoolId);
    return htmlResult(sheetToHtml(ls.masterSummarySheet(f), 2));
  }),
  implement(r.printLsMasterNomination, async (req) => {
    const f = await ls.masterNomination(req.auth, req.params.cycleId, req.params.masterId);
    return htmlResult(sheetToHtml(ls.masterNominationSheet(f), 1));
  }),
  implement(r.printGdMaterials, async (req) => {
    const c = await gd.materialsChecklist(req.auth, req.params.cycleId);
    return htmlResult(sheetToHtml(gd.materialsSheet(c), 2));
  }),
  implement(r.printJsUnitChoices, async (req) => {
    const u = await surveys.unitChoices(req.auth, req.params.cycleId);
    return htmlResult(sheetToHtml(titled(surveys.unitChoiceSheet(u)), 1));
  }),
  implement(r.printJsSatisfactionForm, async (req) => {
    const form = await surveys.satisfactionForm(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.query.majorCode,
    );
    const [main, byInstructor] = surveys.satisfactionSheets(form);
    return htmlResult(
      sheetsToHtml([
        ...(main ? ([[main, 2]] as const) : []),
        ...(byInstructor ? ([[titled(byInstructor), 1]] as const) : []),
      ]),
    );
  }),
  implement(r.printJsEmployerSurveys, async (req) => {
    const s = await surveys.employerSummary(req.auth, req.params.cycleId);
    return htmlResult(
      sheetsToHtml(
        surveys.employerSheets(s).map((sheet) => [titled(sheet), 1] as const),
        '用人单位调查和评价表',
      ),
    );
  }),
  implement(r.printLsPairingSummary, async (req) => {
    const f = await ls.pairingSummary(req.auth, req.params.cycleId, req.params.schoolId);
    return htmlResult(sheetToHtml(ls.pairingSummarySheet(f), 2));
  }),
  implement(r.printJsScorecardOverview, async (req) => {
    const o = await js.scorecardOverview(req.auth, req.params.cycleId);
    return htmlResult(sheetToHtml(titled(js.scorecardOverviewSheet(o), '承训单位考核验收汇总'), 1));
  }),
  implement(r.printLsMasterSummaries, async (req) => {
    const f = await ls.masterSummaries(req.auth, req.params.cycleId);
    return htmlResult(
      sheetsToHtml(
        f.schools.map((x) => [ls.masterSummarySheet(x), 2] as const),
        '“百名大师”汇总表',
      ),
    );
  }),
  implement(r.printLsPairingSummaries, async (req) => {
    const f = await ls.pairingSummaries(req.auth, req.params.cycleId);
    return htmlResult(
      sheetsToHtml(
        f.schools.map((x) => [ls.pairingSummarySheet(x), 2] as const),
        '“师徒结对”情况汇总表',
      ),
    );
  }),
];
