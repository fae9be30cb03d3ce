export * from './agencies';
export { attributesSchema, type NomineeInput, nominationContext, rulesOfCategory } from './attributes';
export * from './catalogue';
export * from './context';
export {
  builtInProgramme,
  type CategoryDefinition,
  DISPOSITIONS,
  type Disposition,
  defineProgramme,
  FIELD_TYPES,
  type FieldDefinition,
  type FieldType,
  formatDefinitionIssues,
  InvalidDefinitionError,
  NOMINEE_KINDS,
  type ProgrammeDefinition,
  type ProgrammeDefinitionInput,
  parseProgrammeDefinition,
  programmeDefinitionSchema,
  type RuleDefinition,
  ruleDefinitionSchema,
  type StageDefinition,
} from './definition';
export * from './engine';
export { platformRules, validatePlatformRules } from './programmes/platform';
export * from './registry';
export { indicatorMet, type KpiProgressRow, kpiProgress } from './rules/kpi';
export { ruleKinds } from './rules/registry';
export { failsAttendance, gradeQuotaLimit } from './rules/training';
export type { Finding, RuleKind } from './rules/types';
