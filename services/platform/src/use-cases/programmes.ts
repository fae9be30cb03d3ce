import type { Programme } from '@talent/catalogue';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import type { ProgrammeStore, ProgrammeVersionSummary } from '@talent/programmes';

export interface Deps {
  readonly programmes: ProgrammeStore;
  readonly now: () => string;
}

// Every read is of the caller's agency only: another agency's programme, built-in or registered,
// is "not found", never "forbidden" (X-TENANT).

const found = <T>(value: T | undefined, entity: string, id: string): T => {
  if (value === undefined) throw new NotFoundError(entity, id);
  return value;
};

export const listProgrammes = (deps: Deps, auth: AuthContext): Promise<Programme[]> =>
  deps.programmes.list(auth.agencyId);

export const getProgramme = async (deps: Deps, auth: AuthContext, programmeId: string): Promise<Programme> =>
  found(await deps.programmes.latest(auth.agencyId, programmeId), 'Programme', programmeId);

export const programmeVersions = async (
  deps: Deps,
  auth: AuthContext,
  programmeId: string,
): Promise<ProgrammeVersionSummary[]> => {
  const versions = await deps.programmes.versions(auth.agencyId, programmeId);
  return found(versions.length > 0 ? versions : undefined, 'Programme', programmeId);
};

export const programmeVersion = async (
  deps: Deps,
  auth: AuthContext,
  programmeId: string,
  version: number,
): Promise<Programme> =>
  found(
    await deps.programmes.version(auth.agencyId, programmeId, version),
    'Programme version',
    `${programmeId} v${version}`,
  );

/** Registers the next version of a programme for the caller's agency (validated by the catalogue, audited). */
export const registerProgramme = (
  deps: Deps,
  auth: AuthContext,
  definition: unknown,
  requestId: string,
): Promise<Programme> =>
  deps.programmes.register(auth.agencyId, definition, {
    actor: { userId: auth.userId, roles: auth.roles },
    at: deps.now(),
    requestId,
  });
