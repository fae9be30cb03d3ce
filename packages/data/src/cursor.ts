import { timingSafeEqual } from 'node:crypto';
import { ValidationFailedError } from '@talent/kernel';
import { sign } from './hash';

/**
 * Opaque, signed pagination cursors. A cursor is bound to the query it came from (the
 * `scope`: agency + index + partition), so it cannot be replayed against another agency's
 * partition or edited into a key of one.
 */
export const encodeCursor = (lastEvaluatedKey: Record<string, unknown>, scope: string): string => {
  const payload = Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
  return `${payload}.${sign(`${scope}\u0000${payload}`)}`;
};

const invalid = () =>
  new ValidationFailedError([
    {
      ruleId: 'P-CURSOR',
      path: 'cursor',
      message: 'cursor is not valid for this query',
      messageZh: '分页游标无效',
    },
  ]);

export const decodeCursor = (cursor: string, scope: string): Record<string, unknown> => {
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(`${scope}\u0000${payload}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
    return parsed as Record<string, unknown>;
  } catch {
    throw invalid();
  }
};
