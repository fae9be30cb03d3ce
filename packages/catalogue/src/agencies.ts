/**
 * The agencies (tenants) behind the five seed programmes. The local stack seeds them so a
 * newcomer has real tenants to call; on AWS they are created by the platform operator.
 */
export interface AgencySeed {
  readonly agencyId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Programmes this agency runs (ids in the catalogue). */
  readonly programmeIds: readonly string[];
}

export const seedAgencies: readonly AgencySeed[] = [
  {
    agencyId: 'lishui',
    nameZh: '丽水市人力资源和社会保障局',
    nameEn: 'Lishui Municipal Human Resources and Social Security Bureau',
    programmeIds: ['lishui-masters'],
  },
  {
    agencyId: 'guangdong',
    nameZh: '广东省人力资源和社会保障厅',
    nameEn: 'Guangdong Provincial Department of Human Resources and Social Security',
    programmeIds: ['guangdong-diploma-technician'],
  },
  {
    agencyId: 'zhuhai',
    nameZh: '珠海市人力资源和社会保障局',
    nameEn: 'Zhuhai Municipal Human Resources and Social Security Bureau',
    programmeIds: ['zhuhai-new-craftsmen'],
  },
  {
    agencyId: 'jiangsu',
    nameZh: '江苏省人力资源和社会保障厅',
    nameEn: 'Jiangsu Provincial Department of Human Resources and Social Security',
    programmeIds: ['jiangsu-excellent-technicians'],
  },
  {
    agencyId: 'beijing',
    nameZh: '北京市人力资源和社会保障局',
    nameEn: 'Beijing Municipal Human Resources and Social Security Bureau',
    programmeIds: ['beijing-craftsman-teachers'],
  },
];
