/**
 * Cross-cutting rules (X-*) every programme needs. They belong to no programme definition: the
 * platform's own code holds them (kernel, data, http, services); this list says where, and how far.
 */
import * as z from 'zod';
import {
  formatDefinitionIssues,
  InvalidDefinitionError,
  type RuleDefinition,
  ruleDefinitionSchema,
} from '../definition';

const platformRule = (
  id: string,
  disposition: RuleDefinition['disposition'],
  where: string[],
  how: string,
  descriptionZh: string,
  descriptionEn: string,
): RuleDefinition => ({
  id,
  kind: 'external',
  context: 'platform',
  disposition,
  params: { where, how },
  descriptionZh,
  descriptionEn,
});

const rules: RuleDefinition[] = [
  platformRule(
    'X-RESIDENT-ID',
    'enforced',
    ['packages/kernel/src/resident-id.ts', 'services/nominations/src/schemas/nomination.ts'],
    'format, birth date and check digit (ISO 7064 MOD 11-2) validated at intake; masked for every role but admin',
    '身份证号校验（格式、出生日期、校验码），除有权限人员外一律脱敏',
    'Resident IDs validated and masked outside the people allowed to see them',
  ),
  platformRule(
    'X-RETIREMENT-AGE',
    'computed',
    ['packages/kernel/src/retirement.ts', 'packages/catalogue/src/rules/person.ts'],
    'statutoryRetirement computes the gradual-raise age by birth month; retirement-margin (JS-AGE) uses it and asks for a woman’s original age rather than guessing',
    '法定退休年龄按渐进式延迟退休决定（2025-01-01起）按出生年月计算',
    'Statutory retirement age follows the gradual-raise decision in force since 2025-01-01',
  ),
  platformRule(
    'X-WORKING-DAYS',
    'computed',
    ['packages/calendar/src/calendar.ts', 'packages/calendar/src/official-data.ts'],
    'the State Council schedules 2020–2026 (chinese-days data) with make-up working days; a date in any other year throws CalendarYearMissingError naming the year until the agency uploads that year (parseYearSchedule); the cycle lifecycle (publicity stages) is to use it',
    '“N个工作日”按官方日历（含调休）计算；未公布的年度由机构提供，不得猜测',
    '"N working days" uses the official calendar; an unknown year is provided by the agency',
  ),
  platformRule(
    'X-PUBLICITY',
    'enforced',
    ['services/nominations/src/use-cases/publicity.ts', 'services/nominations/src/use-cases/lifecycle.ts'],
    'during an open publicity stage (N working days) the public list shows names, units, categories, occupations and employers only; objections with evidence are taken in the period (rate-limited); an upheld one removes the nomination in the same transaction; the stage does not close, nor the list become official, while any objection is unresolved',
    '公示期公布拟定名单（个人信息脱敏），受理有证据的异议，全部异议处理完毕后方成为正式名单',
    'Publicity publishes a masked provisional list, takes objections, and becomes official when all are resolved',
  ),
  platformRule(
    'X-RECUSAL',
    'enforced',
    ['services/nominations/src/use-cases/nominations.ts', 'services/nominations/src/use-cases/review.ts'],
    'a reviewer whose token names the nominee’s unit cannot override its rules (403); no reviewer registered with the nominee’s unit is assigned, and no reviewer of that unit (registry or token) reviews it (403)',
    '评审专家不评审本单位的被推荐人',
    'A reviewer never reviews a nominee from their own unit',
  ),
  platformRule(
    'X-AUDIT',
    'enforced',
    ['packages/data/src/audit.ts', 'packages/catalogue/src/engine.ts'],
    'every state change writes an audit record in the same transaction; evaluate returns overridden rules with who and why for the caller to audit',
    '每项决定和状态变更记录操作人、时间、内容和理由',
    'Every decision and state change records who, when, what and why',
  ),
  platformRule(
    'X-TENANT',
    'enforced',
    [
      'packages/data/src/keys.ts',
      'packages/programmes/src/store.ts',
      'services/platform/src/use-cases/programmes.ts',
      'packages/catalogue/src/registry.ts',
    ],
    'every key begins with the agency id; another agency’s items answer 404; an agency registers programmes only for itself, its ids namespaced under its own keys',
    '一个机构看不到另一个机构的数据',
    'One agency never sees another agency’s data',
  ),
];

/** The platform's rules (validated at build time by `validatePlatformRules`, like the built-in definitions). */
export const platformRules: readonly RuleDefinition[] = rules;

/** Validates the platform rules with the rule schema; throws listing every problem. */
export const validatePlatformRules = (): RuleDefinition[] => {
  const parsed = z.array(ruleDefinitionSchema).safeParse(rules);
  if (!parsed.success)
    throw new InvalidDefinitionError('platform', formatDefinitionIssues(parsed.error.issues));
  for (const r of parsed.data) {
    if (r.kind !== 'external' && r.kind !== 'record') {
      throw new InvalidDefinitionError('platform', [
        `${r.id}: a platform rule is external or record, not ${r.kind}`,
      ]);
    }
  }
  return parsed.data;
};
