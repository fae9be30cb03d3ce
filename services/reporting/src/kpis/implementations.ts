import { type ApiResult, implement, type RouteImplementation } from '@talent/http';
import { htmlResult } from '../forms/html';
import { programmeKpis } from './compute';
import { noticeHtml, tablesHtml } from './html';
import * as rep from './reports';
import * as r from './routes';
import { kpiTables, type Sheet, tableWorkbook, XLSX_TYPE } from './xlsx';

const xlsx = (bytes: Buffer, filename: string): ApiResult => ({
  body: bytes.toString('base64'),
  raw: { contentType: XLSX_TYPE, base64: true },
  headers: { 'content-disposition': `attachment; filename="${filename}"` },
});

/** The report as XLSX or printable HTML: the same tables either way. */
const tables = async (
  format: 'xlsx' | 'html',
  sheets: readonly Sheet[],
  filename: string,
  title: string,
  lines: readonly string[],
): Promise<ApiResult> =>
  format === 'html'
    ? htmlResult(tablesHtml(title, lines, sheets))
    : xlsx(await tableWorkbook(sheets), filename);

const unitLine = (unitId: string | undefined): string[] => (unitId === undefined ? [] : [`单位：${unitId}`]);

/** The code behind `kpisRoutes`. */
export const kpisImplementations: readonly RouteImplementation[] = [
  implement(r.getProgrammeKpis, async (req) => {
    const report = await programmeKpis(req.auth, req.params.programmeId, req.query.year);
    const format = req.query.format;
    if (format !== 'xlsx' && format !== 'html') return { body: report };
    return tables(
      format,
      kpiTables(report),
      `kpis-${report.programmeId}-${report.year}.xlsx`,
      `${report.programmeId} ${report.year}年度指标完成情况`,
      [
        ...unitLine(report.unitId),
        `周期：${report.cycles.map((c) => `${c.cycleId}（${c.year}）`).join('、')}`,
      ],
    );
  }),
  implement(r.getCycleSelectionSummary, async (req) => {
    const s = await rep.selectionSummary(req.auth, req.params.cycleId);
    const format = req.query.format;
    if (format !== 'xlsx' && format !== 'html') return { body: s };
    const rows = s.titles.flatMap((t) => [
      [t.category, t.nameZh, '合计', t.selected, t.quota ?? null, t.flagged ? '是' : '否'],
      ...t.byUnit.map((u) => [t.category, t.nameZh, u.unitId, u.selected, null, null]),
    ]);
    return tables(
      format,
      [{ name: '入选汇总', headers: ['类别', '类别名称', '单位', '入选人数', '每轮约', '预警'], rows }],
      `selection-${s.cycleId}.xlsx`,
      `${s.year}年度入选情况汇总`,
      [`周期：${s.cycleId}（${s.programmeId}）`, ...unitLine(s.unitId), `合计：${s.total}`],
    );
  }),
  implement(r.getBeijingChecksReport, async (req) => {
    const report = await rep.beijingChecksReport(req.auth, req.params.cycleId);
    const format = req.query.format;
    if (format !== 'xlsx' && format !== 'html') return { body: report };
    const rows = report.projects.flatMap((p) =>
      p.checks.length === 0
        ? [[p.projectId, p.category, p.name, p.unitId, p.status, null, null, null, null, null]]
        : p.checks.map((c) => [
            p.projectId,
            p.category,
            p.name,
            p.unitId,
            p.status,
            c.checkKey,
            c.passed ? '通过' : '未通过',
            c.score ?? null,
            c.targetsMet,
            c.targets,
          ]),
    );
    return tables(
      format,
      [
        {
          name: '考核情况',
          headers: ['项目编号', '类别', '名称', '单位', '状态', '考核', '结果', '得分', '达成目标', '目标数'],
          rows,
        },
      ],
      `beijing-checks-${report.cycleId}.xlsx`,
      `${report.year}年度考核情况`,
      [
        `周期：${report.cycleId}`,
        ...unitLine(report.unitId),
        Object.entries(report.summary)
          .map(([k, v]) => `${k}：${v}`)
          .join('　'),
      ],
    );
  }),
  implement(r.getGuangdongEvaluationReport, async (req) => {
    const report = await rep.guangdongEvaluationReport(req.auth, req.params.cycleId);
    const format = req.query.format;
    if (format !== 'xlsx' && format !== 'html') return { body: report };
    const rows = report.pilots.flatMap((p) =>
      p.indicators.map((i) => [
        p.pilotId,
        p.unitId,
        p.status,
        p.evaluations.map((e) => `${e.kind}:${e.result}`).join(' '),
        i.ruleId,
        i.indicator,
        i.target,
        i.value,
        i.met === null ? '—' : i.met ? '达标' : '未达标',
      ]),
    );
    return tables(
      format,
      [
        {
          name: '评估与指标',
          headers: ['试点编号', '单位', '状态', '评估', '规则编号', '指标', '目标', '实际', '是否达标'],
          rows,
        },
      ],
      `guangdong-evaluation-${report.cycleId}.xlsx`,
      `${report.year}年度试点评估与指标`,
      [`周期：${report.cycleId}`, ...unitLine(report.unitId)],
    );
  }),
  implement(r.getCycleNotice, async (req) => {
    const notice = await rep.noticeText(req.auth, req.params.cycleId, req.query.list);
    if (req.query.format === 'html') return htmlResult(noticeHtml(notice));
    return { body: notice };
  }),
];
