import { ValidationFailedError, type Violation } from '@talent/kernel';
import type { z } from 'zod';

/** `body.team.members[2].residentId`: array indexes in brackets, as the rule engine writes them. */
const pathOf = (base: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    const key = String(p);
    return acc === '' ? key : `${acc}.${key}`;
  }, base);

/** Zod issues → violations. Refinements carry their rule id in `params.ruleId`; shape errors are P-SCHEMA. */
export const violationsFrom = (base: string, issues: readonly z.core.$ZodIssue[]): Violation[] =>
  issues.flatMap((issue): Violation[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        ruleId: 'P-SCHEMA',
        path: pathOf(base, [...issue.path, key]),
        message: `unknown field "${key}"`,
        messageZh: `不允许的字段“${key}”`,
      }));
    }
    const params = issue.code === 'custom' ? issue.params : undefined;
    const ruleId = typeof params?.ruleId === 'string' ? params.ruleId : 'P-SCHEMA';
    const messageZh = typeof params?.messageZh === 'string' ? params.messageZh : undefined;
    return [
      {
        ruleId,
        path: pathOf(base, issue.path),
        message: issue.message,
        ...(messageZh ? { messageZh } : {}),
      },
    ];
  });

/** Parses with the schema or throws a 422 naming every offending field and its rule. */
export const parseWith = <S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailedError(violationsFrom(base, result.error.issues));
  return result.data;
};
