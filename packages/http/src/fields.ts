import {
  isCleanText,
  isId,
  isIsoDate,
  isMobilePhone,
  isPersonName,
  normalizePhone,
  parseResidentId,
} from '@talent/kernel';
import * as z from 'zod';

/**
 * Field schemas are immutable, so each distinct one is built once and shared: constructing zod
 * schemas is most of a function's cold-start cost beyond the SDK. The module-level `memo` calls are
 * marked pure so that a bundle that imports `@talent/http` only for its request pipeline (a
 * function's entry module, see `createLazyApi`) leaves them, and zod, out.
 */
const memo = <A extends unknown[], T>(build: (...args: A) => T): ((...args: A) => T) => {
  const cache = new Map<string, T>();
  return (...args: A) => {
    const key = args.join('|');
    let value = cache.get(key);
    if (value === undefined) {
      value = build(...args);
      cache.set(key, value);
    }
    return value;
  };
};

/** Free text: trimmed, bounded, no control characters or broken Unicode. */
export const text = /* @__PURE__ */ memo((max: number, min?: number) =>
  z
    .string()
    .trim()
    .min(min ?? 1)
    .max(max)
    .refine(isCleanText, {
      message: 'contains control characters or invalid Unicode',
      params: { ruleId: 'P-TEXT', messageZh: '含有控制字符或无效的 Unicode 字符' },
    }),
);

/** Identifiers of things outside the platform (unit codes, external references): no `#`, no spaces. */
export const code = /* @__PURE__ */ memo((max?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only')
    .max(max ?? 64),
);

/** Platform ids (ULIDs). */
export const id = () =>
  z.string().refine(isId, { message: 'not a valid id', params: { ruleId: 'P-SCHEMA' } });

export const isoDate = () =>
  z.string().refine(isIsoDate, {
    message: 'must be a real calendar date YYYY-MM-DD',
    params: { ruleId: 'P-DATE', messageZh: '日期须为真实存在的 YYYY-MM-DD' },
  });

/** Resident ID (GB 11643): format, real birth date, ISO 7064 MOD 11-2 check digit (X-RESIDENT-ID). */
export const residentId = () =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseResidentId(value);
    if (!parsed.ok) {
      ctx.addIssue({
        code: 'custom',
        message: parsed.message,
        params: { ruleId: 'X-RESIDENT-ID', reason: parsed.reason, messageZh: parsed.messageZh },
      });
    }
  });

/** Mainland mobile number, normalised (spaces, dashes and +86 removed). */
export const mobilePhone = () =>
  z
    .string()
    .max(20)
    .transform(normalizePhone)
    .refine(isMobilePhone, {
      message: 'must be a mainland mobile number (11 digits starting with 1)',
      params: { ruleId: 'P-PHONE', messageZh: '须为 11 位大陆手机号码' },
    });

export const personName = () =>
  z
    .string()
    .trim()
    .refine(isPersonName, {
      message: 'must be a person name (Chinese characters, optionally with ·, or Latin letters)',
      params: { ruleId: 'P-NAME', messageZh: '姓名须为汉字（可含间隔号·）或拉丁字母' },
    });

/** `?limit=&cursor=` of every list (spread into a query schema). */
export const pageQuery = () => ({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
