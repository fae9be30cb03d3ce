/**
 * Agency-registered programmes. An agency admin submits a definition (the same data shape as the
 * built-ins); it is validated, must be the agency's own (X-TENANT), and is versioned: a new version
 * never replaces an old one, so a cycle keeps the version it started with.
 *
 * `checkRegistration` is pure (the service stores versions where it likes); `ProgrammeRegistry` is an
 * in-memory store over it for tests and the local stack.
 */
import { programmes as builtIns, compileProgramme, type Programme } from './catalogue';
import { type ProgrammeDefinition, parseProgrammeDefinition } from './definition';

export type RegistrationResult =
  | { readonly ok: true; readonly definition: ProgrammeDefinition }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validates a definition an agency registers. `existing` holds every stored version of the same id
 * (any agency's). The new version must be the next number: 1 for a new id, latest + 1 otherwise.
 */
export const checkRegistration = (
  input: unknown,
  agencyId: string,
  existing: readonly ProgrammeDefinition[],
): RegistrationResult => {
  const parsed = parseProgrammeDefinition(input);
  if (!parsed.ok) return parsed;
  const def = parsed.definition;
  const problems: string[] = [];
  if (def.agencyIds.length !== 1 || def.agencyIds[0] !== agencyId) {
    problems.push(`agencyIds: an agency registers programmes for itself only: ["${agencyId}"]`);
  }
  const latest = existing.reduce<ProgrammeDefinition | undefined>(
    (a, d) => (d.id === def.id && (!a || d.version > a.version) ? d : a),
    undefined,
  );
  if (latest && !latest.agencyIds.includes(agencyId)) {
    // Another agency's programme: say only that the id cannot be used (X-TENANT).
    problems.push(`id: "${def.id}" is not available; choose another id`);
  } else {
    const next = (latest?.version ?? 0) + 1;
    if (def.version !== next)
      problems.push(`version: the next version of "${def.id}" is ${next}, not ${def.version}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: def };
};

/** An in-memory store of programme versions, seeded with the built-ins. */
export class ProgrammeRegistry {
  private readonly versions = new Map<string, ProgrammeDefinition[]>();

  constructor(seed: readonly ProgrammeDefinition[] = builtIns) {
    for (const d of seed) this.versions.set(d.id, [...(this.versions.get(d.id) ?? []), d]);
  }

  register(input: unknown, agencyId: string): RegistrationResult {
    const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
    const existing = typeof id === 'string' ? (this.versions.get(id) ?? []) : [];
    const result = checkRegistration(input, agencyId, existing);
    if (result.ok) this.versions.set(result.definition.id, [...existing, result.definition]);
    return result;
  }

  /** The latest version, if the agency runs it (another agency's programme is not found). */
  latest(programmeId: string, agencyId: string): Programme | undefined {
    const all = this.versions.get(programmeId) ?? [];
    const last = all[all.length - 1];
    return last?.agencyIds.includes(agencyId) ? compileProgramme(last) : undefined;
  }

  /** An exact version: what a cycle started with. */
  version(programmeId: string, version: number, agencyId: string): Programme | undefined {
    const d = this.versions.get(programmeId)?.find((v) => v.version === version);
    return d?.agencyIds.includes(agencyId) ? compileProgramme(d) : undefined;
  }
}
