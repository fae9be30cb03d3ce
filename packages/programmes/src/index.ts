export {
  DEFINITION_RULE,
  definitionSummary,
  definitionViolations,
  isProgrammeId,
  MAX_VERSION,
  ProgrammeVersionConflictError,
  VERSION_RULE,
} from './registration';
export * from './store';
