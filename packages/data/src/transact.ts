import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction was cancelled because the conditions of these items (by index) failed. */
export class TransactionConditionFailed extends Error {
  constructor(readonly failedIndexes: readonly number[]) {
    super(`Transaction condition failed at ${failedIndexes.join(',')}`);
    this.name = 'TransactionConditionFailed';
  }
}

interface CancellationReason {
  readonly Code?: string;
}

const reasonsOf = (error: unknown): CancellationReason[] | undefined => {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return reasons ?? [];
};

/**
 * Writes all items or none. Conditional failures surface as `TransactionConditionFailed`
 * with the indexes of the failing items, so the use case maps each to its rule; conflicts
 * with a concurrent transaction (`TransactionConflict`) are retried with jittered backoff.
 */
export const transactWrite = async (
  items: readonly TransactItem[],
  options: { clientRequestToken?: string; maxAttempts?: number } = {},
): Promise<void> => {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      await getDocumentClient().send(
        new TransactWriteCommand({
          TransactItems: [...items],
          ...(options.clientRequestToken ? { ClientRequestToken: options.clientRequestToken } : {}),
        }),
      );
      return;
    } catch (error) {
      const reasons = reasonsOf(error);
      if (!reasons) throw error;
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) throw new TransactionConditionFailed(failed);
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict') || reasons.length === 0;
      if (!conflict || attempt >= maxAttempts) throw error;
      await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
    }
  }
};
