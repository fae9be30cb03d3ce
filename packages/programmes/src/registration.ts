/**
 * The pure part of registering a programme version: what the catalogue's problems mean for the
 * caller (violations naming the field under `body`), and what the audit record keeps of a definition.
 */
import type { ProgrammeDefinition } from '@talent/catalogue';
import { ConflictError, ValidationFailedError, type Violation } from '@talent/kernel';

/** A definition breaks the schema, a cross-reference, or the registration rules (own agency, next version). */
export const DEFINITION_RULE = 'P-PROGRAMME-DEFINITION';
/** Versions are 1, 2, 3 … per programme and agency; two registrations of one version: one wins. */
export const VERSION_RULE = 'P-PROGRAMME-VERSION';

/** Highest version the zero-padded sort key (`V#000001`) orders correctly. */
export const MAX_VERSION = 999_999;

/** At most this many problems are listed (a hostile body can have thousands); the rest are counted. */
const MAX_LISTED_PROBLEMS = 100;

/** Programme ids as the definition schema allows them; anything else names no stored programme. */
const PROGRAMME_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const isProgrammeId = (value: unknown): value is string =>
  typeof value === 'string' && PROGRAMME_ID.test(value);

export const isVersion = (value: number): boolean =>
  Number.isSafeInteger(value) && value >= 1 && value <= MAX_VERSION;

/** The id a registration body names, when it is one a programme can have. */
export const programmeIdOf = (input: unknown): string | undefined => {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const id = (input as { id?: unknown }).id;
  return isProgrammeId(id) ? id : undefined;
};

/**
 * `rules[3].params.max` (the catalogue's path) → `body.rules[3].params.max`: the form of every field
 * path of the API (array indexes in brackets); `(definition)` is the body itself.
 */
const bodyPath = (path: string): string => (path === '' || path === '(definition)' ? 'body' : `body.${path}`);

/**
 * The catalogue's problems (`path: message`, one per problem) as violations. The separator is the
 * first `': '`: paths are schema keys, which never contain one.
 */
export const definitionViolations = (problems: readonly string[]): Violation[] => {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem): Violation => {
    const at = problem.indexOf(': ');
    return {
      ruleId: DEFINITION_RULE,
      path: bodyPath(at < 0 ? '' : problem.slice(0, at)),
      message: at < 0 ? problem : problem.slice(at + 2),
    };
  });
  const more = problems.length - listed.length;
  return more > 0
    ? [...listed, { ruleId: DEFINITION_RULE, path: 'body', message: `and ${more} more problems` }]
    : listed;
};

export const invalidDefinition = (problems: readonly string[]): ValidationFailedError =>
  new ValidationFailedError(definitionViolations(problems));

/**
 * Another agency's built-in: the id cannot be used, and nothing more is said about it (X-TENANT).
 */
export const idNotAvailable = (id: string): ValidationFailedError =>
  invalidDefinition([`id: "${id}" is not available; choose another id`]);

/** Two registrations of the same version raced and this one lost (or kept meeting the other). */
export class ProgrammeVersionConflictError extends ConflictError {
  constructor(programmeId: string, version: number) {
    super(
      VERSION_RULE,
      `Version ${version} of ${programmeId} was registered by another request; read its versions and register the next`,
      'body.version',
    );
  }
}

/** What the audit record keeps of a version: no personal data (a definition holds none), no bulk. */
export const definitionSummary = (d: ProgrammeDefinition): Record<string, unknown> => ({
  programmeId: d.id,
  version: d.version,
  nameZh: d.nameZh,
  nameEn: d.nameEn,
  effectiveFrom: d.effectiveFrom,
  source: d.source,
  categoryIds: d.categories.map((c) => c.id),
  ruleIds: [...new Set(d.rules.map((r) => r.id))],
});
