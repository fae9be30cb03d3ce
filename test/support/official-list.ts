/**
 * Test fixture for the services after selection (pairings, cohorts, funding, reporting): writes a
 * cycle whose selection is over and its official list (正式名单) straight into DynamoDB, through the
 * nominations service's own repositories, so a test starts where the official-list stage left off
 * without running review and publicity. The end-to-end tests run the real selection instead.
 */
import { randomUUID } from 'node:crypto';
import { findProgramme } from '@talent/catalogue';
import { asAgencyId, personFingerprint } from '@talent/data';
import type { Cycle } from '../../services/nominations/src/cycle';
import { planStages } from '../../services/nominations/src/lifecycle/stages';
import type { Nomination, Nominee } from '../../services/nominations/src/nomination';
import { DynamoCycleRepository } from '../../services/nominations/src/repositories/cycle-repository';
import { DynamoNominationRepository } from '../../services/nominations/src/repositories/nomination-repository';
import { residentIdFor } from './people';

/** Birth dates 1975–1994, one per serial, so seeded resident IDs never repeat within a run. */
const birthDateFor = (n: number): string =>
  new Date(Date.UTC(1975, 0, 1) + (n % 7000) * 86_400_000).toISOString().slice(0, 10);

export interface SeededEntry {
  readonly category: string;
  readonly unitId: string;
  readonly nominee?: Partial<Nominee>;
  readonly attributes?: Record<string, unknown>;
  /** An institution's application (Guangdong) instead of a person; `uniqueness` is what it is fingerprinted by. */
  readonly institution?: Nomination['institution'];
  readonly uniqueness?: string;
}

export interface SeededCycle {
  readonly agencyId: string;
  readonly cycleId: string;
  readonly programmeId: string;
  readonly year: number;
  /** The nominations of the official list, in the order given. */
  readonly nominationIds: readonly string[];
  readonly cycle: Cycle;
}

let serial = 0;

/**
 * A cycle of `programmeId` in `year` with every stage up to and including its official-list stage
 * closed, and `entries` on its official list (status `official`). The agency must run the programme
 * (`jiangsu` runs the Jiangsu programme, `lishui` Lishui's …: packages/catalogue/src/agencies.ts).
 */
export const seedOfficialList = async (input: {
  readonly agencyId: string;
  readonly programmeId: string;
  readonly year?: number;
  readonly cycleId?: string;
  readonly entries: readonly SeededEntry[];
  /** false: the official-list stage is still pending (the list is not final yet). */
  readonly officialListClosed?: boolean;
}): Promise<SeededCycle> => {
  const agencyId = asAgencyId(input.agencyId);
  const programme = findProgramme(input.programmeId);
  if (!programme) throw new Error(`no built-in programme ${input.programmeId}`);
  const year = input.year ?? 2026;
  const cycleId = input.cycleId ?? `c-${randomUUID().slice(0, 8)}`;
  const at = new Date().toISOString();
  const actor = { userId: 'seed', roles: ['admin'] };
  const planned = planStages(
    programme,
    year,
    Object.fromEntries(
      programme.calendar.stages
        .filter((s) => s.kind === 'publicity' && s.workingDays === undefined)
        .map((s) => [s.id, { workingDays: 5 }]),
    ),
  );
  const officialIndex =
    planned.findIndex((s) => s.kind === 'official-list') - (input.officialListClosed === false ? 1 : 0);
  const stages = planned.map((s, i) =>
    i <= officialIndex ? { ...s, status: 'closed' as const, openedAt: at, closedAt: at } : s,
  );
  const cycle: Cycle = {
    cycleId,
    agencyId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    year,
    selectionDate: `${year}-03-31`,
    status: 'open',
    stages,
    execution: { name: `seed-${cycleId}`, status: 'NOT_STARTED', year: 1 },
    reviewersPerNomination: 1,
    officialList: { frozenAt: at, count: input.entries.length },
    version: 1,
    createdAt: at,
    createdBy: 'seed',
    updatedAt: at,
    updatedBy: 'seed',
  };
  await new DynamoCycleRepository().create(cycle, { actor, action: 'cycle.opened', at });
  const repository = new DynamoNominationRepository();
  const nominationIds: string[] = [];
  for (const entry of input.entries) {
    serial += 1;
    const residentId =
      entry.nominee?.residentId ?? residentIdFor(birthDateFor(serial), 1 + (Math.floor(serial / 7000) % 998));
    const nominee: Nominee = {
      name: `学员${serial}`,
      residentId,
      birthDate: `${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}`,
      gender: Number(residentId.charAt(16)) % 2 === 1 ? 'male' : 'female',
      phone: '13800138000',
      employer: `${entry.unitId}单位`,
      occupation: '电工',
      skillLevel: '高级技师',
      titles: [],
      honours: [],
      ...entry.nominee,
    };
    const nominationId = `n-${randomUUID().slice(0, 12)}`;
    const subject = entry.institution
      ? {
          nomineeKind: 'institution' as const,
          institution: entry.institution,
          personFingerprint: personFingerprint(
            agencyId,
            `${entry.uniqueness ?? entry.unitId}|${nominationId}`,
          ),
        }
      : {
          nomineeKind: 'person' as const,
          nominee,
          personFingerprint: personFingerprint(agencyId, residentId),
        };
    const nomination: Nomination = {
      nominationId,
      agencyId,
      programmeId: programme.id,
      programmeVersion: programme.version,
      cycleId,
      category: entry.category,
      unitId: entry.unitId,
      status: 'official',
      ...subject,
      attributes: entry.attributes ?? {},
      eligibility: {
        status: 'eligible',
        programmeVersion: programme.version,
        selectionDate: cycle.selectionDate,
        pending: [],
        overridden: [],
        reported: [],
      },
      overrides: [],
      version: 1,
      createdAt: at,
      createdBy: 'seed',
      updatedAt: at,
      updatedBy: 'seed',
    } as Nomination;
    await repository.create(nomination, { actor, action: 'nomination.seeded', at });
    nominationIds.push(nominationId);
  }
  return { agencyId, cycleId, programmeId: programme.id, year, nominationIds, cycle };
};
