import { randomUUID } from 'node:crypto';
import { residentIdFor } from '../../../test/support/people';

// Beijing team nominations (优秀匠师团队, BJ-TEAM) for the tests: members with valid resident IDs.

let seq = 1;
export const member = (role: string, extra: Record<string, unknown> = {}) => ({
  name: '李老师',
  residentId: residentIdFor('1984-02-03', seq++ % 999),
  role,
  ...extra,
});

/** A team of `size`: its leader (an associate-senior title unless told), mostly full-time teachers. */
export const teamOf = (size: number, leader: Record<string, unknown> = { professionalTitle: '副高级' }) => ({
  name: `数控技术教师团队${randomUUID().slice(0, 4)}`,
  members: [
    member('full-time-teacher', { isLeader: true, ...leader }),
    ...Array.from({ length: size - 1 }, (_, i) =>
      member(i % 4 === 3 ? 'enterprise-staff' : 'full-time-teacher'),
    ),
  ],
});

/** The POST /nominations body of a Beijing team in `cycleId`. */
export const teamNominationBody = (cycleId: string, team: unknown, unitId = 'bj-school-01') => ({
  programmeId: 'beijing-craftsman-teachers',
  cycleId,
  category: 'team',
  unitId,
  team,
  attributes: { school: '北京市工业技师学院', specialty: '数控技术应用' },
});
