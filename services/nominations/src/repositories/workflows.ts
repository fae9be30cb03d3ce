import type { SFNClient } from '@aws-sdk/client-sfn';

/**
 * The Step Functions SDK is loaded on the first cycle opening, not at cold start: most requests of
 * the nominations function never start a workflow (esbuild keeps the module in the bundle but
 * evaluates it only when imported).
 */
const sdk = () => import('@aws-sdk/client-sfn');

/** What an execution of a programme's state machine is given: the cycle, its year, where to begin. */
export interface CycleExecutionInput {
  readonly agencyId: string;
  readonly cycleId: string;
  /** 1 for the first year; a continuation (multi-year cycle) starts at `fromStage`. */
  readonly year: number;
  readonly fromStage?: string;
}

/** Starts the state machine execution of a cycle's year. Idempotent by name. */
export interface WorkflowStarter {
  /** `machine`: a programme id (its own state machine) or `registered-programmes`. */
  start(machine: string, name: string, input: CycleExecutionInput): Promise<void>;
}

/** A state machine: `STATE_MACHINE_ARN_PREFIX` + the machine (a programme id, or `registered-programmes`). */
export class StepFunctionsStarter implements WorkflowStarter {
  private client: SFNClient | undefined;

  constructor(private readonly arnPrefix: string) {}

  async start(machine: string, name: string, input: CycleExecutionInput): Promise<void> {
    const { SFNClient, StartExecutionCommand } = await sdk();
    // One client per process, created on first use and shared.
    this.client ??= new SFNClient(process.env.SFN_ENDPOINT ? { endpoint: process.env.SFN_ENDPOINT } : {});
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: `${this.arnPrefix}${machine}`,
          name,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // The same name with the same input is the same execution (Step Functions answers with it);
      // an execution of that name with other input already carries this cycle year.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }
}

/** Where no workflows are deployed (unit and integration tests of the API alone): nothing starts. */
export const noWorkflows: WorkflowStarter = { start: async () => {} };

/**
 * The starter for this process: Step Functions when `STATE_MACHINE_ARN_PREFIX` is set (always on
 * AWS: a function without it fails at load), none otherwise. `SFN_ENDPOINT` points the client at
 * the local stack's Step Functions.
 */
export const workflowStarterFromEnvironment = (): WorkflowStarter => {
  const prefix = process.env.STATE_MACHINE_ARN_PREFIX;
  if (!prefix) {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME && !process.env.AWS_LAMBDA_FUNCTION_NAME.startsWith('local'))
      throw new Error('STATE_MACHINE_ARN_PREFIX is not set: the function cannot start cycle workflows');
    return noWorkflows;
  }
  return new StepFunctionsStarter(prefix);
};
