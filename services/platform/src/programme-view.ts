import {
  programmes as builtIns,
  type Category,
  type Programme,
  type RuleDefinition,
} from '@talent/catalogue';
import * as z from 'zod';
import type { ProgrammeView } from './schemas/programme';

type Target = ProgrammeView['targets'][number];

const categoryView = (c: Category) => ({
  id: c.id,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  nomineeKind: c.nomineeKind,
  ...(c.descriptionZh !== undefined ? { descriptionZh: c.descriptionZh } : {}),
  ...(c.quota ? { quota: c.quota } : {}),
  ...(c.quotaPerCycle !== undefined ? { quotaPerCycle: c.quotaPerCycle } : {}),
  ...(c.quotaPerYear !== undefined ? { quotaPerYear: c.quotaPerYear } : {}),
  ruleIds: [...c.ruleIds],
  fields: c.fields,
  attributesSchema: z.toJSONSchema(c.attributes(), { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >,
});

const ruleView = (r: RuleDefinition) => ({
  id: r.id,
  ...(r.clause !== undefined ? { clause: r.clause } : {}),
  kind: r.kind,
  disposition: r.disposition,
  relaxable: r.relaxable ?? false,
  context: r.context,
  ...(r.appliesTo ? { appliesTo: r.appliesTo } : {}),
  descriptionZh: r.descriptionZh,
  descriptionEn: r.descriptionEn,
  params: r.params,
});

/** The indicators of the programme's kpi rules (targets it reports on), each with its rule id. */
const targetsOf = (p: Programme) =>
  p.rules
    .filter((r) => r.kind === 'kpi')
    .flatMap((r) =>
      ((r.params.indicators ?? []) as Omit<Target, 'ruleId'>[]).map((i): Target => ({ ruleId: r.id, ...i })),
    );

/** One programme as the API shows it: the definition, with every rule and its id, and the compiled views of it. */
export const toProgrammeView = (p: Programme): ProgrammeView => ({
  programmeId: p.id,
  version: p.version,
  builtIn: builtIns.includes(p),
  nameZh: p.nameZh,
  nameEn: p.nameEn,
  issuersZh: [...p.issuersZh],
  effectiveFrom: p.effectiveFrom,
  source: p.source,
  categories: p.categories.map(categoryView),
  awards: p.awards,
  calendar: p.calendar,
  ...(p.funding ? { funding: p.funding } : {}),
  ...(p.grading ? { grading: p.grading } : {}),
  targets: targetsOf(p),
  forms: p.forms,
  sanctions: p.sanctions,
  milestones: p.milestones,
  rules: p.rules.map(ruleView),
});

/** A programme in a list: without the rules' params (`GET /programmes/{id}` has them). */
export const toProgrammeListItem = (p: Programme) => {
  const view = toProgrammeView(p);
  return { ...view, rules: view.rules.map(({ params: _params, ...rule }) => rule) };
};
