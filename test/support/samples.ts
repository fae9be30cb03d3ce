import { randomInt } from 'node:crypto';
import { addDays } from '@talent/kernel';
import { residentIdFor } from './people';

/**
 * A man born 1980–1993: eligible for every age rule of the seeds in 2026 (JS-AGE: ≥5 years before
 * statutory retirement; BJ ages ≤50 / ≤45 on the selection date).
 */
let nextPerson = randomInt(0, 2_500_000);
export const eligibleResidentId = (): string => {
  // One after the other from a random start: never the same person twice in a process (the
  // benchmark writes thousands), practically never across processes.
  const n = nextPerson++ % 2_500_000;
  return residentIdFor(addDays('1980-01-01', n % 5000), 2 * Math.floor(n / 5000) + 1);
};

/** A valid Jiangsu category-A nomination body for tests and the benchmark (a fresh person each call). */
export const jiangsuNomination = (
  cycleId: string,
  overrides: Record<string, unknown> = {},
  nominee: Record<string, unknown> = {},
) => ({
  programmeId: 'jiangsu-excellent-technicians',
  cycleId,
  category: 'A',
  unitId: 'unit-001',
  nominee: {
    name: '王小明',
    residentId: eligibleResidentId(),
    phone: '13812345678',
    employer: '江苏某装备制造有限公司',
    occupation: '数控车工',
    skillLevel: '高级技师',
    ...nominee,
  },
  attributes: { basis: '苏办发〔2019〕20号 高技能领军人才', receivedChiefTechnicianSubsidy: false },
  ...overrides,
});
