import { asAgencyId } from '@talent/data';
import { describe, expect, it } from 'vitest';
import { seedOfficialList } from '../../../test/support/official-list';
import { officialEntry, officialRoster, programmeOfCycle, readCycle } from '../src/roster';

describe('roster: what the services after selection read', () => {
  it('reads the official list of a cycle, and nothing of another agency (X-TENANT)', async () => {
    const seeded = await seedOfficialList({
      agencyId: 'jiangsu',
      programmeId: 'jiangsu-excellent-technicians',
      entries: [
        { category: 'A', unitId: 'u1' },
        { category: 'B', unitId: 'u2' },
      ],
    });
    const agency = asAgencyId('jiangsu');
    const roster = await officialRoster(agency, seeded.cycleId);
    expect(roster.map((e) => e.nominationId).sort()).toEqual([...seeded.nominationIds].sort());
    expect(roster.map((e) => e.category).sort()).toEqual(['A', 'B']);
    const cycle = await readCycle(agency, seeded.cycleId);
    expect(cycle?.stages.find((s) => s.kind === 'official-list')?.status).toBe('closed');
    expect(cycle && (await programmeOfCycle(cycle)).id).toBe('jiangsu-excellent-technicians');
    expect(await officialEntry(agency, seeded.nominationIds[0] as string)).toMatchObject({ unitId: 'u1' });

    const other = asAgencyId('lishui');
    expect(await officialRoster(other, seeded.cycleId)).toEqual([]);
    expect(await readCycle(other, seeded.cycleId)).toBeUndefined();
    expect(await officialEntry(other, seeded.nominationIds[0] as string)).toBeUndefined();
  });
});
