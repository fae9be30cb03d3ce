import { auditPut, transactWrite } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { newId, nowIso, ValidationFailedError } from '@talent/kernel';
import { BatchStatusError } from '../errors';
import { readConfirmation, reconcile } from '../reconcile';
import { batchPk } from '../repositories/batches';
import { table } from '../repositories/items';
import { agencyOf, changeBy } from './context';
import { batches, getBatch } from './disbursement';

/** A released batch against its payment confirmation file; the result is recorded (and audited). */
export const reconcileBatch = async (auth: AuthContext, batchId: string, csv: string, requestId: string) => {
  const batch = await getBatch(auth, batchId);
  if (batch.status !== 'released') throw new BatchStatusError(batch.status, 'reconciled', 'released');
  const { rows, problems } = readConfirmation(csv);
  if (problems.length > 0)
    throw new ValidationFailedError(
      problems.slice(0, 50).map((p) => ({
        ruleId: 'P-RECONCILIATION-FILE',
        path: `body.csv.rows[${p.row}]`,
        message: p.message,
        messageZh: '回单文件格式有误',
      })),
    );
  const expected = [];
  for await (const l of batches.lines(agencyOf(auth), batchId))
    expected.push({ lineId: l.lineId, residentId: l.residentId, amountFen: l.amountFen });
  const result = reconcile(expected, rows);
  const at = nowIso();
  const reconciliationId = newId();
  const record = {
    reconciliationId,
    batchId,
    at,
    by: auth.userId,
    rows: rows.length,
    ...result,
    mismatches: result.mismatches.slice(0, 1000),
    mismatchCount: result.mismatches.length,
    ok: result.mismatches.length === 0,
  };
  const pk = batchPk(agencyOf(auth), batchId);
  await transactWrite([
    {
      Put: {
        TableName: table(),
        Item: { PK: pk, SK: `RECON#${at}#${reconciliationId}`, entityKind: 'Reconciliation', ...record },
      },
    },
    auditPut(table(), {
      agencyId: agencyOf(auth),
      entityType: 'DisbursementBatch',
      entityId: batchId,
      entityPk: pk,
      after: {
        reconciliationId,
        ok: record.ok,
        matched: result.matched,
        mismatchCount: record.mismatchCount,
      },
      ...changeBy(auth, 'batch.reconciled', at, requestId),
    }),
  ]);
  return record;
};
