/**
 * Reads what the local stack needs out of the synthesized CloudFormation templates: tables,
 * Lambda functions (through the `talent:*` metadata infra writes) and HTTP API routes.
 * Only the shapes the local stack relies on are typed; everything else stays `unknown`.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

/** One template, or several keyed by stack (`{ data, api, workflow }` from infra's synth). */
export type Templates = CfnTemplate | Readonly<Record<string, CfnTemplate>>;

export const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);
export const FUNCTION_TYPE = 'AWS::Lambda::Function';
export const STATE_MACHINE_TYPE = 'AWS::StepFunctions::StateMachine';
export const SCHEDULE_TYPE = 'AWS::Scheduler::Schedule';
export const SCHEDULE_GROUP_TYPE = 'AWS::Scheduler::ScheduleGroup';

export const METADATA_SERVICE = 'talent:service';
export const METADATA_ENTRY = 'talent:entry';
export const METADATA_HANDLER = 'talent:handler';
export const METADATA_PROGRAMME = 'talent:programme';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isTemplate = (v: unknown): v is CfnTemplate => isRecord(v) && isRecord(v.Resources);

/** The templates as a flat list, whether one template or several were given. */
export const templateList = (templates: Templates): CfnTemplate[] => {
  if (isTemplate(templates)) return [templates];
  return Object.values(templates as Record<string, unknown>).filter(isTemplate);
};

/** Every resource of every template, with its logical id. */
export const allResources = (templates: Templates): Array<[string, CfnResource]> =>
  templateList(templates).flatMap((t) => Object.entries(t.Resources ?? {}));

export const resourcesOfType = (
  templates: Templates,
  types: string | Set<string>,
): Array<[string, CfnResource]> => {
  const wanted = typeof types === 'string' ? new Set([types]) : types;
  return allResources(templates).filter(([, r]) => wanted.has(r.Type));
};

/**
 * Logical ids referenced by an intrinsic, in order: `Ref`, `Fn::GetAtt` (array or `A.B`
 * string form), and anything nested inside `Fn::Join`, `Fn::Sub` and friends.
 */
export const referencedLogicalIds = (value: unknown): string[] => {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (!isRecord(v)) return;
    for (const [key, inner] of Object.entries(v)) {
      if (key === 'Ref' && typeof inner === 'string') out.push(inner);
      else if (key === 'Fn::GetAtt') {
        if (Array.isArray(inner) && typeof inner[0] === 'string') out.push(inner[0]);
        else if (typeof inner === 'string') out.push(inner.split('.')[0] ?? inner);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g))
            if (m[1]) out.push(m[1]);
        }
        if (Array.isArray(inner)) walk(inner[1]);
      } else walk(inner);
    }
  };
  walk(value);
  return out;
};

export interface FunctionDefinition {
  readonly logicalId: string;
  /** `talent:service`; also the local function name. */
  readonly service: string;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  /** Exported handler name. */
  readonly handlerName: string;
  /** The template's environment variables, unresolved (values may be intrinsics). */
  readonly environment: Readonly<Record<string, unknown>>;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
}

export type AuthorizationType = 'JWT' | 'NONE';

export interface RouteDefinition {
  /** As in the template: `POST /nominations/{nominationId}/submit`, `ANY /x`, `$default`. */
  readonly routeKey: string;
  /** Upper-case method, `ANY`, or `ANY` for `$default`. */
  readonly method: string;
  /** Path template (`/x/{id}`, `/x/{proxy+}`); empty for `$default`. */
  readonly path: string;
  readonly authorization: AuthorizationType;
  readonly functionLogicalId: string;
}

export interface ApiModel {
  readonly functions: ReadonlyMap<string, FunctionDefinition>;
  readonly routes: readonly RouteDefinition[];
  /** Routes that could not be tied to a function (reported, not served). */
  readonly warnings: readonly string[];
}

/** The Lambda functions that carry `talent:entry` metadata (CDK helper functions have none). */
export const readFunctions = (templates: Templates): Map<string, FunctionDefinition> => {
  const out = new Map<string, FunctionDefinition>();
  for (const [logicalId, resource] of resourcesOfType(templates, FUNCTION_TYPE)) {
    const meta = resource.Metadata ?? {};
    const entry = meta[METADATA_ENTRY];
    if (typeof entry !== 'string') continue;
    const props = resource.Properties ?? {};
    const env =
      isRecord(props.Environment) && isRecord(props.Environment.Variables) ? props.Environment.Variables : {};
    const service = typeof meta[METADATA_SERVICE] === 'string' ? meta[METADATA_SERVICE] : logicalId;
    const handlerName = typeof meta[METADATA_HANDLER] === 'string' ? meta[METADATA_HANDLER] : 'handler';
    out.set(logicalId, {
      logicalId,
      service,
      entry,
      handlerName,
      environment: env,
      memorySize: typeof props.MemorySize === 'number' ? props.MemorySize : 128,
      timeoutSeconds: typeof props.Timeout === 'number' ? props.Timeout : 3,
    });
  }
  return out;
};

/** Routes of the HTTP API(s), each tied through its integration to a function. */
export const readApiModel = (templates: Templates): ApiModel => {
  const functions = readFunctions(templates);
  const resources = new Map(allResources(templates));
  const warnings: string[] = [];
  const routes: RouteDefinition[] = [];

  const functionOfIntegration = (integrationId: string): string | undefined => {
    const integration = resources.get(integrationId);
    if (integration?.Type !== 'AWS::ApiGatewayV2::Integration') return undefined;
    const uri = integration.Properties?.IntegrationUri;
    return referencedLogicalIds(uri).find((id) => functions.has(id));
  };

  for (const [logicalId, resource] of allResources(templates)) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const props = resource.Properties ?? {};
    const routeKey = props.RouteKey;
    if (typeof routeKey !== 'string') {
      warnings.push(`route ${logicalId}: RouteKey is not a string`);
      continue;
    }
    // `integrations/<physical id>` strings cannot be resolved from a template; intrinsics can.
    const functionLogicalId = referencedLogicalIds(props.Target)
      .map(functionOfIntegration)
      .find((id): id is string => id !== undefined);
    if (!functionLogicalId) {
      warnings.push(`route ${routeKey}: no Lambda integration with talent:entry metadata found`);
      continue;
    }
    const [method, path] =
      routeKey === '$default' ? ['ANY', ''] : (routeKey.split(/\s+/, 2) as [string, string | undefined]);
    routes.push({
      routeKey,
      method: method.toUpperCase(),
      path: path ?? '',
      authorization: props.AuthorizationType === 'JWT' ? 'JWT' : 'NONE',
      functionLogicalId,
    });
  }
  return { functions, routes, warnings };
};
