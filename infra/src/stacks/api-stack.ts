import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { mainTable } from '../../../packages/data/src/tables';
import { CLAIM_AGENCY, CLAIM_UNIT } from '../../../packages/http/src/claims';
import { ROLES, type RouteContract, routeKey } from '../../../packages/http/src/contract';
import {
  grantExportBucket,
  grantStartCycleExecutions,
  grantTableAccess,
  stateMachineArnPrefix,
} from '../grants';
import type { ServiceDefinition } from '../manifest';
import { LOG_RETENTION, ServiceFunction } from '../service-function';

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly piiHashKey: secretsmanager.ISecret;
  /** Encrypts the functions' environment variables (they carry the PII hash key). */
  readonly dataKey: kms.IKey;
  /** Funding exports (services with `exportBucket`: EXPORT_BUCKET, read/write). */
  readonly exportBucket?: s3.IBucket;
  /** The services to serve (the app passes the manifest's). */
  readonly services: readonly ServiceDefinition[];
  /** @default rate 200 requests per second, burst 400 */
  readonly throttle?: apigwv2.ThrottleSettings;
}

/** Environment variable through which functions receive the resident-ID hashing key. */
export const PII_HASH_KEY_ENV = 'PII_HASH_KEY';
/** Environment variable through which functions find the programme state machines (+ programme id). */
export const STATE_MACHINE_ARN_PREFIX_ENV = 'STATE_MACHINE_ARN_PREFIX';
/** Environment variable naming the export bucket (the funding export store). */
export const EXPORT_BUCKET_ENV = 'EXPORT_BUCKET';

const DEFAULT_THROTTLE: apigwv2.ThrottleSettings = { rateLimit: 200, burstLimit: 400 };

const pascalCase = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const customAttributeName = (claim: string): string => claim.replace(/^custom:/, '');

/**
 * The HTTP API: Cognito user pool and JWT authorizer, one function per service of the manifest,
 * one route per route contract. Each function gets only the table access its service declares.
 */
export class ApiStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly httpApi: apigwv2.HttpApi;
  readonly defaultStage: apigwv2.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  /** Functions by service name. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    this.userPool = this.createUserPool(props.stage);
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      userPoolClientName: `talent-${props.stage}-api`,
      authFlows: { userSrp: true },
      generateSecret: false,
      // Tokens come from SRP sign-in only; no hosted-UI OAuth flows or callback URLs.
      disableOAuth: true,
      // Users may change none of their own custom attributes: the agency and the unit a token
      // carries are set by administrators only (AdminUpdateUserAttributes), never by the user.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(customAttributeName(CLAIM_AGENCY), customAttributeName(CLAIM_UNIT)),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // ID tokens carry custom:agency and cognito:groups; their `aud` is the client id.
    this.authorizer = new HttpJwtAuthorizer('CognitoJwtAuthorizer', this.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito-jwt',
      jwtAudience: [this.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `talent-${props.stage}`,
      description: 'Talent programmes API (nominations, pairings, cohorts, funding, reporting)',
      createDefaultStage: false,
    });
    this.defaultStage = this.createDefaultStage(props.throttle ?? DEFAULT_THROTTLE);

    const functions = new Map<string, ServiceFunction>();
    const seenRouteKeys = new Map<string, string>();
    for (const service of props.services) {
      const fn = this.createServiceFunction(service, props);
      functions.set(service.name, fn);
      this.addServiceRoutes(service, fn, seenRouteKeys);
    }
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.defaultStage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }

  private createUserPool(stage: string): cognito.UserPool {
    const userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `talent-${stage}-users`,
      // Agencies' administrators create their users; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        // The tenant of a user never changes; a user moving agency gets a new account.
        [customAttributeName(CLAIM_AGENCY)]: new cognito.StringAttribute({
          minLen: 1,
          maxLen: 64,
          mutable: false,
        }),
        [customAttributeName(CLAIM_UNIT)]: new cognito.StringAttribute({
          minLen: 1,
          maxLen: 128,
          mutable: true,
        }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff handle personal data of nominees: a second factor is required (TOTP apps, no SMS).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (adaptive authentication, compromised-credential checks) is not needed for a staff-only pool: self sign-up is off, accounts are created by agency administrators, MFA is required and passwords are 12+ characters with all classes. Revisit if the pool is opened to nominees.',
    });

    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `${pascalCase(role)}Group`, {
        userPool,
        groupName: role,
        description: `Agency role "${role}" (claim cognito:groups)`,
      });
    }
    return userPool;
  }

  private createDefaultStage(throttle: apigwv2.ThrottleSettings): apigwv2.HttpStage {
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    return new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // No headers, query strings or bodies: they may carry personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            subject: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
  }

  private createServiceFunction(service: ServiceDefinition, props: ApiStackProps): ServiceFunction {
    const scope = new Construct(this, pascalCase(service.name));
    const fn = new ServiceFunction(scope, 'Function', {
      service: service.name,
      entry: service.entry,
      description: `${service.name} API`,
      ...(service.memorySize ? { memorySize: service.memorySize } : {}),
      ...(service.timeoutSeconds ? { timeout: Duration.seconds(service.timeoutSeconds) } : {}),
      environmentEncryption: props.dataKey,
      environment: {
        ...(service.tableAccess !== 'none' ? { [mainTable.envVar]: props.table.tableName } : {}),
        // Trade-off: a CloudFormation dynamic reference resolves the secret at deploy time into
        // the environment. The function needs no secretsmanager:GetSecretValue, no SDK call and
        // no cold-start latency, and the local stack sets the same variable. The cost: the value
        // is readable by anyone allowed lambda:GetFunctionConfiguration *and* kms:Decrypt on the
        // data key (the environment is encrypted with it), and a new key needs a redeploy (which
        // re-hashing requires anyway). Fetching at init through the secret ARN is the
        // alternative if that exposure becomes unacceptable. Only services that hash personal
        // data or sign cursors get it.
        ...(service.piiKey ? { [PII_HASH_KEY_ENV]: props.piiHashKey.secretValue.unsafeUnwrap() } : {}),
        ...(service.workflows
          ? { [STATE_MACHINE_ARN_PREFIX_ENV]: stateMachineArnPrefix(this, props.stage) }
          : {}),
        ...(service.exportBucket ? { [EXPORT_BUCKET_ENV]: this.exportBucketOf(props).bucketName } : {}),
      },
    });
    if (service.workflows) grantStartCycleExecutions(fn, props.stage);
    if (service.exportBucket) grantExportBucket(fn, this.exportBucketOf(props), props.dataKey);
    if (service.tableAccess === 'none') return fn;
    grantTableAccess(fn, props.table, service.tableAccess);
    return fn;
  }

  private exportBucketOf(props: ApiStackProps): s3.IBucket {
    if (!props.exportBucket) throw new Error('A service declares exportBucket but the stack has none');
    return props.exportBucket;
  }

  private addServiceRoutes(
    service: ServiceDefinition,
    fn: ServiceFunction,
    seenRouteKeys: Map<string, string>,
  ): void {
    // One integration per function, shared by its routes, and one invoke permission for the
    // whole API (a permission per route would outgrow the 20 KB function policy).
    const integration = new HttpLambdaIntegration(`${pascalCase(service.name)}Integration`, fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      scopePermissionToRoute: false,
    });
    const routes = new Construct(fn.node.scope as Construct, 'Routes');
    for (const contract of service.routes) {
      const key = routeKey(contract);
      const owner = seenRouteKeys.get(key);
      if (owner) throw new Error(`Route "${key}" of service ${service.name} is already served by ${owner}`);
      seenRouteKeys.set(key, service.name);
      const route = new apigwv2.HttpRoute(routes, pascalCase(contract.operationId), {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(contract.path, apigwv2.HttpMethod[contract.method]),
        integration,
        ...(isPublic(contract) ? {} : { authorizer: this.authorizer }),
      });
      if (isPublic(contract)) {
        // On the CfnRoute only: the shared integration may live under this construct too.
        Validations.of(route.node.defaultChild as apigwv2.CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `"${key}" is public by contract (roles: 'public'): health, the OpenAPI document and publicity pages (公示) take no token, so no route with a role list may be public and no public route may return personal data unmasked.`,
        });
      }
    }
  }
}

const isPublic = (contract: RouteContract): boolean => contract.roles === 'public';
