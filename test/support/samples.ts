import { freshResidentId } from './people';

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
    residentId: freshResidentId(),
    phone: '13812345678',
    employer: '江苏某装备制造有限公司',
    occupation: '数控车工',
    skillLevel: '高级技师',
    ...nominee,
  },
  attributes: { basis: '苏办发〔2019〕20号 高技能领军人才', receivedChiefTechnicianSubsidy: false },
  ...overrides,
});
