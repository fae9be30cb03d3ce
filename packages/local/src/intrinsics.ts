import { LOCAL_ACCOUNT_ID, LOCAL_PARTITION, LOCAL_REGION, LOCAL_URL_SUFFIX, localArn } from './aws';
import {
  allResources,
  type CfnResource,
  FUNCTION_TYPE,
  SCHEDULE_GROUP_TYPE,
  STATE_MACHINE_TYPE,
  TABLE_TYPES,
  type Templates,
} from './template';

/**
 * Resolves CloudFormation intrinsics to the values they have locally: pseudo parameters (the local
 * region and account), `Ref`/`Fn::GetAtt` of the resources the local stack runs (tables, Lambda
 * functions, state machines, schedule groups), and `Fn::Join`/`Fn::Sub` over those. Anything else (imports from
 * other stacks, secrets, parameters) has no local value: an {@link UnresolvableError} says which.
 */

export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT_ID,
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::URLSuffix': LOCAL_URL_SUFFIX,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A state machine's local name: its `StateMachineName` (a plain string), else its logical id. */
export const stateMachineName = (logicalId: string, resource: CfnResource): string => {
  const name = resource.Properties?.StateMachineName;
  return typeof name === 'string' ? name : logicalId;
};

export interface IntrinsicResolver {
  /** The local value of `value`, with every intrinsic in it resolved; throws {@link UnresolvableError}. */
  resolve(value: unknown): unknown;
  /** Like `resolve`, but the result must be a string. */
  resolveString(value: unknown): string;
}

export const intrinsicResolver = (templates: Templates): IntrinsicResolver => {
  const resources = new Map(allResources(templates));

  const ref = (id: string): string => {
    const pseudo = PSEUDO_PARAMETERS[id];
    if (pseudo !== undefined) return pseudo;
    const resource = resources.get(id);
    if (!resource) throw new UnresolvableError(`Ref ${id} cannot be resolved locally`);
    if (TABLE_TYPES.has(resource.Type) || resource.Type === FUNCTION_TYPE) return id;
    if (resource.Type === STATE_MACHINE_TYPE) return localArn.stateMachine(stateMachineName(id, resource));
    const name = resource.Properties?.Name;
    if (resource.Type === SCHEDULE_GROUP_TYPE && typeof name === 'string') return name;
    throw new UnresolvableError(`Ref ${id} (${resource.Type}) has no local value`);
  };

  const getAtt = (id: string, attribute: string): string => {
    const resource = resources.get(id);
    if (!resource) throw new UnresolvableError(`Fn::GetAtt ${id}.${attribute} cannot be resolved locally`);
    if (resource.Type === FUNCTION_TYPE && attribute === 'Arn') return localArn.lambda(id);
    if (TABLE_TYPES.has(resource.Type) && attribute === 'Arn') return localArn.table(id);
    if (resource.Type === STATE_MACHINE_TYPE && attribute === 'Arn')
      return localArn.stateMachine(stateMachineName(id, resource));
    if (resource.Type === STATE_MACHINE_TYPE && attribute === 'Name') return stateMachineName(id, resource);
    throw new UnresolvableError(`Fn::GetAtt ${id}.${attribute} (${resource.Type}) has no local value`);
  };

  const sub = (template: string, variables: Record<string, unknown>): string =>
    template.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in variables) return resolveString(variables[name]);
      const dot = name.indexOf('.');
      return dot < 0 ? ref(name) : getAtt(name.slice(0, dot), name.slice(dot + 1));
    });

  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const key = keys[0];
    if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      const arg = value[key];
      if (key === 'Ref' && typeof arg === 'string') return ref(arg);
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg)
          ? [arg[0], arg[1]]
          : typeof arg === 'string' && arg.includes('.')
            ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)]
            : [];
        if (typeof id === 'string' && typeof attribute === 'string') return getAtt(id, attribute);
      }
      if (key === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1]))
        return (arg[1] as unknown[]).map(resolveString).join(arg[0]);
      if (key === 'Fn::Sub') {
        if (typeof arg === 'string') return sub(arg, {});
        if (Array.isArray(arg) && typeof arg[0] === 'string' && isRecord(arg[1])) return sub(arg[0], arg[1]);
      }
      throw new UnresolvableError(`${key} ${JSON.stringify(arg)} cannot be resolved locally`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };

  const resolveString = (value: unknown): string => {
    const resolved = resolve(value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new UnresolvableError(`${JSON.stringify(value)} is not a string`);
  };

  return { resolve, resolveString };
};
