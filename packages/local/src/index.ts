export {
  LOCAL_ACCESS_KEY_ID,
  LOCAL_REGION,
  LOCAL_SECRET_ACCESS_KEY,
  localCredentials,
  localDocumentClient,
  localDynamoClient,
} from './aws';
export {
  type AdvanceResult,
  ClockAbandonedError,
  ClockBackwardsError,
  ClockSettleTimeoutError,
  type ClockWork,
  VirtualClock,
} from './clock';
export {
  createTablesFromTemplate,
  type DynamoDbLocal,
  freePort,
  type StartDynamoDbLocalOptions,
  startDynamoDbLocal,
  type TableSetupResult,
  templateFromTableDefinitions,
} from './dynamo';
export { applyEnvironment, buildHandlerEnvironment, type HandlerEnvironment } from './env';
export {
  type DynamoFaultSpec,
  type DynamoProxy,
  type DynamoProxyOptions,
  FAULTS_PATH,
  type FaultDecision,
  type FaultEvent,
  FaultInjector,
  type FaultPhase,
  type FaultSpec,
  FaultSpecError,
  type FaultStats,
  type FaultStatus,
  type LambdaFaultSpec,
  parseFaultSpec,
  startDynamoProxy,
} from './faults';
export {
  buildEvent,
  type Gateway,
  type GatewayOptions,
  LOCAL_PREFIX,
  type LocalRouteHandler,
  type LocalRouteResponse,
  MAX_BODY_BYTES,
  mapResult,
  matchRoute,
  startGateway,
} from './gateway';
export { createLambdaRuntime, LambdaFunctionError, type LambdaRuntime } from './lambda';
export { addIsoDuration, CLOCK_PATH, DEAD_LETTERS_PATH, parseInstant, SCHEDULES_PATH } from './local-routes';
export { DEFAULT_DATA_DIR, REPO_ROOT } from './paths';
export { type DeadLetter, LocalScheduler, type ScheduleStatus } from './scheduler';
export { loadOrCreatePiiHashKey } from './secrets';
export { seedAgencies, seedAgencyIds } from './seed';
export { SFN_PATH } from './sfn-endpoint';
export { type LocalStack, type LocalStackOptions, startLocalStack, synthesizeTemplates } from './stack';
export {
  type ExecutionDescription,
  type ExecutionStatus,
  type HistoryEvent,
  LocalStepFunctions,
  SfnError,
} from './stepfunctions';
export {
  type ApiModel,
  type CfnTemplate,
  type FunctionDefinition,
  type RouteDefinition,
  readApiModel,
  type Templates,
} from './template';
export {
  type DevTokenClaims,
  type DevTokenOptions,
  issueDevToken,
  loadOrCreateSigningKey,
  verifyDevToken,
} from './token';
