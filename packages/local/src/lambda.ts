import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './aws';
import { applyEnvironment, type HandlerEnvironment } from './env';
import type { FaultDecision, FaultInjector, FaultPhase } from './faults';
import { REPO_ROOT } from './paths';
import type { FunctionDefinition } from './template';

/**
 * The Lambda functions of the templates, run in this process: handler modules imported once each
 * (with the function's own environment applied before the import, see env.ts), invoked with a
 * Lambda `Context`. The gateway, the local Step Functions and the local scheduler share one
 * runtime, so a module is loaded once whoever calls it first.
 */

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Lambda's context object for one invocation. */
export const lambdaContext = (fn: FunctionDefinition, budgetMs: number): Context => {
  const deadline = Date.now() + budgetMs;
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const noop = (): void => {};
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.service,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${fn.service}`,
    memoryLimitInMB: String(fn.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.service}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
};

/**
 * A function error as Lambda reports it to an SDK caller (Step Functions, Scheduler): the error
 * type is the thrown error's `name`, as the Node.js runtime serialises it.
 */
export class LambdaFunctionError extends Error {
  override readonly name = 'LambdaFunctionError';
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly trace: readonly string[] = [],
  ) {
    super(`${errorType}: ${errorMessage}`);
  }

  /** Lambda's error payload, `{ errorType, errorMessage, trace }`. */
  payload(): { errorType: string; errorMessage: string; trace: string[] } {
    return { errorType: this.errorType, errorMessage: this.errorMessage, trace: [...this.trace] };
  }
}

/** Applies an injected fault at its phase: holds, then throws its Lambda error if it has one. */
const applyLambdaFault = async (decision: FaultDecision | undefined, phase: FaultPhase): Promise<void> => {
  if (!decision || decision.phase !== phase) return;
  if (decision.delayMs > 0) await new Promise((done) => setTimeout(done, decision.delayMs));
  if (decision.error) throw new LambdaFunctionError(decision.error, decision.message);
};

export interface LambdaRuntime {
  /** The function's handler, its module imported on first use. */
  load(fn: FunctionDefinition): Promise<LambdaHandler>;
  /**
   * Invoke as an SDK caller would (`Invoke`, RequestResponse): the JSON result, or a
   * {@link LambdaFunctionError} for a thrown error, a module that cannot load
   * (`Runtime.ImportModuleError`) or a run past the function's timeout (`Sandbox.Timedout`).
   */
  invoke(fn: FunctionDefinition, event: unknown): Promise<unknown>;
}

export interface LambdaRuntimeOptions {
  /** Base of the functions' `talent:entry` paths (default: the repository root). */
  readonly repoRoot?: string;
  /** Applied to process.env before the first handler import (see env.ts). */
  readonly environment?: HandlerEnvironment;
  /** Injected faults (see faults.ts): `invoke` consults them; in-flight invocations are tracked. */
  readonly faults?: FaultInjector;
}

const errorOf = (err: unknown): LambdaFunctionError => {
  if (err instanceof LambdaFunctionError) return err;
  if (err instanceof Error)
    return new LambdaFunctionError(err.name, err.message, (err.stack ?? '').split('\n'));
  return new LambdaFunctionError('Error', String(err));
};

/** JSON in, JSON out: what crosses the Lambda API (dates become strings, undefined becomes null). */
const jsonRoundTrip = (value: unknown): unknown =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);

export const createLambdaRuntime = (options: LambdaRuntimeOptions = {}): LambdaRuntime => {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  let environmentApplied = false;
  const loaded = new Map<string, Promise<LambdaHandler>>();

  const load = (fn: FunctionDefinition): Promise<LambdaHandler> => {
    let pending = loaded.get(fn.logicalId);
    if (!pending) {
      if (!environmentApplied && options.environment) {
        applyEnvironment(options.environment.common);
        environmentApplied = true;
      }
      const own = options.environment?.perFunction.get(fn.logicalId);
      if (own) applyEnvironment(own);
      pending = import(pathToFileURL(resolve(repoRoot, fn.entry)).href).then(
        (mod: Record<string, unknown>) => {
          const handler = mod[fn.handlerName];
          if (typeof handler !== 'function') {
            throw new Error(`${fn.entry} does not export a function named '${fn.handlerName}'`);
          }
          return handler as LambdaHandler;
        },
      );
      pending.catch(() => loaded.delete(fn.logicalId));
      loaded.set(fn.logicalId, pending);
    }
    return pending;
  };

  const invoke = async (fn: FunctionDefinition, event: unknown): Promise<unknown> => {
    let handler: LambdaHandler;
    try {
      handler = await load(fn);
    } catch (err) {
      throw new LambdaFunctionError('Runtime.ImportModuleError', (err as Error).message);
    }
    const budgetMs = fn.timeoutSeconds * 1_000;
    const faults = options.faults;
    const fault = faults?.lambda(fn, event);
    const exit = faults?.enter(fn);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds} seconds`),
          ),
        budgetMs,
      );
    });
    try {
      const result = await Promise.race([
        (async () => {
          // An injected fault (faults.ts): before the handler (it does not run) or after it (its
          // result is lost), inside the function's timeout as a slow function would be.
          await applyLambdaFault(fault, 'before');
          const output = await handler(jsonRoundTrip(event), lambdaContext(fn, budgetMs));
          await applyLambdaFault(fault, 'after');
          return output;
        })(),
        timeout,
      ]);
      return jsonRoundTrip(result);
    } catch (err) {
      throw errorOf(err);
    } finally {
      clearTimeout(timer);
      exit?.();
    }
  };

  return { load, invoke };
};
