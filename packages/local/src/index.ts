export {
  LOCAL_ACCESS_KEY_ID,
  LOCAL_REGION,
  LOCAL_SECRET_ACCESS_KEY,
  localCredentials,
  localDocumentClient,
  localDynamoClient,
} from './aws';
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
export { DEFAULT_DATA_DIR, REPO_ROOT } from './paths';
export { loadOrCreatePiiHashKey } from './secrets';
export { seedAgencies, seedAgencyIds } from './seed';
export { type LocalStack, type LocalStackOptions, startLocalStack, synthesizeTemplates } from './stack';
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
