import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { localArn } from './aws';
import { intrinsicResolver, stateMachineName, UnresolvableError } from './intrinsics';
import {
  type FunctionDefinition,
  METADATA_PROGRAMME,
  resourcesOfType,
  STATE_MACHINE_TYPE,
  type Templates,
} from './template';

/**
 * The state machines of the templates, as the local Step Functions runs them.
 *
 * The ASL is the synthesized one (`DefinitionString`, intrinsics resolved to local values), and
 * it is validated as it is. To run it on the virtual clock, one mechanical rewrite is made before
 * handing it to aws-local-stepfunctions: each `Wait` state becomes a `Task` of the same name,
 * `InputPath`, `OutputPath` and `Next`/`End`, whose local handler suspends the execution on the
 * virtual clock until the Wait's instant and returns its input unchanged: the same data flow as
 * the Wait, whatever follows it (Task, Choice, Pass, another Wait, Succeed). Why not override the
 * Wait to 0 ms and hold the *next* Task instead: that Task's own timeout (the library's default 60 s,
 * real time) would fire while it is held, and a Wait followed by a Pass or Choice has no Task to
 * hold. The rewritten Task gets the largest timeout a Node timer allows (24.8 days of real time);
 * the definition's own `TimeoutSeconds` is enforced on the virtual clock instead (as is the one-year
 * limit of Standard workflows).
 */

/** The `Resource` of the Task a Wait state is rewritten to (never called: a local handler runs it). */
export const CLOCK_WAIT_RESOURCE = 'arn:aws:states:::local:virtual-clock-wait';
/** The largest Task timeout a Node.js timer can hold (2^31 - 1 ms). */
const MAX_TIMER_SECONDS = 2_147_483;
/** Standard workflows run for at most one year. */
export const STANDARD_MAX_DURATION_SECONDS = 365 * 24 * 3600;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:\d*:function:([^:]+)(?::[^:]+)?$/;

export type WaitSpec =
  | { readonly kind: 'Seconds'; readonly seconds: number }
  | { readonly kind: 'Timestamp'; readonly timestamp: string }
  | { readonly kind: 'SecondsPath' | 'TimestampPath'; readonly path: string };

export interface TaskBinding {
  readonly fn: FunctionDefinition;
  /** `function`: `Resource` is the function ARN (payload in, result out); `invoke`: `lambda:invoke`. */
  readonly form: 'function' | 'invoke';
}

export interface StateMachineModel {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** `talent:programme` metadata, when infra wrote it. */
  readonly programme: string | undefined;
  /** The synthesized ASL, intrinsics resolved. */
  readonly definition: StateMachineDefinition;
  /** What aws-local-stepfunctions runs: the definition with its Wait states rewritten (see above). */
  readonly runtime: StateMachine;
  /** Lambda Task states (at any depth) by state name. */
  readonly tasks: ReadonlyMap<string, TaskBinding>;
  /** Top-level Wait states by state name. */
  readonly waits: ReadonlyMap<string, WaitSpec>;
  /** Every state with a `Retry` field. */
  readonly retryStates: readonly string[];
  /** The execution time limit: `TimeoutSeconds`, at most a year for Standard workflows. */
  readonly timeoutSeconds: number | undefined;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

const functionByArn = (
  arn: string,
  functions: ReadonlyMap<string, FunctionDefinition>,
): FunctionDefinition | undefined => {
  const name = FUNCTION_ARN.exec(arn)?.[1];
  if (!name) return undefined;
  return functions.get(name) ?? [...functions.values()].find((f) => f.service === name);
};

/** The function an ARN or name in a template names, if the local stack runs it. */
export const localFunction = (
  arnOrName: string,
  functions: ReadonlyMap<string, FunctionDefinition>,
): FunctionDefinition | undefined =>
  functionByArn(arnOrName, functions) ??
  functions.get(arnOrName) ??
  [...functions.values()].find((f) => f.service === arnOrName);

const waitSpec = (state: Json): WaitSpec => {
  if (typeof state.Seconds === 'number') return { kind: 'Seconds', seconds: state.Seconds };
  if (typeof state.Timestamp === 'string') return { kind: 'Timestamp', timestamp: state.Timestamp };
  if (typeof state.SecondsPath === 'string') return { kind: 'SecondsPath', path: state.SecondsPath };
  if (typeof state.TimestampPath === 'string') return { kind: 'TimestampPath', path: state.TimestampPath };
  throw new DefinitionError('a Wait state needs Seconds, Timestamp, SecondsPath or TimestampPath');
};

/** The Task a Wait becomes: its handler gets `{ input, value? }` (value: the path's value). */
const clockTask = (state: Json, spec: WaitSpec): Json => ({
  Type: 'Task',
  Resource: CLOCK_WAIT_RESOURCE,
  ...(state.Comment !== undefined ? { Comment: state.Comment } : {}),
  ...('InputPath' in state ? { InputPath: state.InputPath } : {}),
  ...('OutputPath' in state ? { OutputPath: state.OutputPath } : {}),
  Parameters: { 'input.$': '$', ...('path' in spec ? { 'value.$': spec.path } : {}) },
  TimeoutSeconds: MAX_TIMER_SECONDS,
  ...('Next' in state ? { Next: state.Next } : {}),
  ...('End' in state ? { End: state.End } : {}),
});

interface Collected {
  tasks: Map<string, TaskBinding>;
  waits: Map<string, WaitSpec>;
  retryStates: string[];
}

/** Walks the states (Map and Parallel branches too), binding Lambda Tasks; throws on what cannot run. */
const collect = (
  states: Json,
  functions: ReadonlyMap<string, FunctionDefinition>,
  out: Collected,
  nested: boolean,
): void => {
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    if (Array.isArray(state.Retry)) out.retryStates.push(name);
    if (state.Type === 'Wait') {
      if (nested) {
        throw new DefinitionError(
          `Wait state '${name}' is inside a Map or Parallel branch: the local stack runs Waits on the virtual clock at the top level only`,
        );
      }
      out.waits.set(name, waitSpec(state));
    } else if (state.Type === 'Task') {
      out.tasks.set(name, bindTask(name, state, functions));
    } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches)
        if (isRecord(branch) && isRecord(branch.States)) collect(branch.States, functions, out, true);
    } else if (state.Type === 'Map') {
      const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
      if (isRecord(processor) && isRecord(processor.States)) collect(processor.States, functions, out, true);
    }
  }
};

const bindTask = (
  name: string,
  state: Json,
  functions: ReadonlyMap<string, FunctionDefinition>,
): TaskBinding => {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  if (resource === LAMBDA_INVOKE) {
    const params = isRecord(state.Parameters) ? state.Parameters : {};
    const target = params.FunctionName;
    if (typeof target !== 'string') {
      throw new DefinitionError(
        `Task '${name}': lambda:invoke needs a literal Parameters.FunctionName (a dynamic FunctionName.$ cannot be bound locally)`,
      );
    }
    const fn = localFunction(target, functions);
    if (!fn)
      throw new DefinitionError(`Task '${name}' invokes ${target}: no function with talent:entry metadata`);
    return { fn, form: 'invoke' };
  }
  if (FUNCTION_ARN.test(resource)) {
    const fn = functionByArn(resource, functions);
    if (!fn)
      throw new DefinitionError(`Task '${name}' calls ${resource}: no function with talent:entry metadata`);
    return { fn, form: 'function' };
  }
  throw new DefinitionError(
    `Task '${name}' has Resource ${resource || '(none)'}: the local stack runs Lambda tasks only (a function ARN or ${LAMBDA_INVOKE})`,
  );
};

/** The definition with its top-level Waits rewritten to clock Tasks and no TimeoutSeconds. */
const runtimeDefinition = (
  definition: Json,
  waits: ReadonlyMap<string, WaitSpec>,
): StateMachineDefinition => {
  const { TimeoutSeconds: _timeout, ...rest } = structuredClone(definition);
  const states = rest.States as Json;
  for (const [name, spec] of waits) states[name] = clockTask(states[name] as Json, spec);
  return rest as unknown as StateMachineDefinition;
};

/** The ASL of a state machine resource: `DefinitionString` resolved, `DefinitionSubstitutions` applied. */
const resolveDefinition = (props: Json, intrinsics: ReturnType<typeof intrinsicResolver>): Json => {
  if (props.DefinitionString === undefined) throw new DefinitionError('no DefinitionString');
  let text = intrinsics.resolveString(props.DefinitionString);
  if (isRecord(props.DefinitionSubstitutions)) {
    for (const [key, value] of Object.entries(props.DefinitionSubstitutions))
      text = text.split(`\${${key}}`).join(intrinsics.resolveString(value));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DefinitionError(`DefinitionString is not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.States) || typeof parsed.StartAt !== 'string')
    throw new DefinitionError('DefinitionString has no StartAt and States');
  return parsed;
};

/**
 * Every `AWS::StepFunctions::StateMachine` of the templates, ready to run. Throws an error naming
 * the state machine for anything the local stack cannot run as AWS would.
 */
export const readStateMachines = (
  templates: Templates,
  functions: ReadonlyMap<string, FunctionDefinition>,
): StateMachineModel[] => {
  const intrinsics = intrinsicResolver(templates);
  return resourcesOfType(templates, STATE_MACHINE_TYPE).map(([logicalId, resource]) => {
    const name = stateMachineName(logicalId, resource);
    try {
      const props = resource.Properties ?? {};
      const definition = resolveDefinition(props, intrinsics);
      try {
        // A copy: the validator writes defaults (QueryLanguage) into what it validates.
        new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition);
      } catch (err) {
        throw new DefinitionError((err as Error).message);
      }
      const collected: Collected = { tasks: new Map(), waits: new Map(), retryStates: [] };
      collect(definition.States as Json, functions, collected, false);
      const type = props.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
      const own = typeof definition.TimeoutSeconds === 'number' ? definition.TimeoutSeconds : undefined;
      const limit = type === 'STANDARD' ? STANDARD_MAX_DURATION_SECONDS : undefined;
      const programme = resource.Metadata?.[METADATA_PROGRAMME];
      return {
        logicalId,
        name,
        arn: localArn.stateMachine(name),
        type,
        programme: typeof programme === 'string' ? programme : undefined,
        definition: definition as unknown as StateMachineDefinition,
        runtime: new StateMachine(runtimeDefinition(definition, collected.waits), {
          validationOptions: { noValidate: true },
        }),
        tasks: collected.tasks,
        waits: collected.waits,
        retryStates: collected.retryStates,
        timeoutSeconds: own === undefined ? limit : limit === undefined ? own : Math.min(own, limit),
      };
    } catch (err) {
      if (err instanceof DefinitionError || err instanceof UnresolvableError)
        throw new Error(`state machine ${name} (${logicalId}): ${err.message}`);
      throw err;
    }
  });
};
