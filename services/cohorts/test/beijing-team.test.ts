import { describe, expect, it } from 'vitest';
import { freshResidentId } from '../../../test/support/people';
import {
  admin,
  auditor,
  call,
  intruder,
  openProjects,
  reviewer,
  seedBeijing,
  teamOf,
  unit,
} from './beijing-support';

const add = (projectId: string, body: Record<string, unknown>, caller = unit('s1')) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/members',
    pathParameters: { projectId },
    body: { name: '新成员', role: 'full-time-teacher', reason: '补充成员', ...body },
    caller,
  });

const remove = (projectId: string, memberId: string, caller = unit('s1')) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/members/{memberId}/remove',
    pathParameters: { projectId, memberId },
    body: { reason: '调离' },
    caller,
  });

const members = async (projectId: string, caller = admin, limit = '50') =>
  call({
    method: 'GET',
    route: '/projects/{projectId}/members',
    pathParameters: { projectId },
    query: { limit },
    caller,
  });

const team = async (size: number) => {
  const s = await seedBeijing({
    persons: [{ category: 'backbone', unitId: 's1' }],
    teams: [{ unitId: 's1', name: '数控匠师团队', members: teamOf(size) }],
  });
  await openProjects(s.cycleId);
  return { id: s.teamIds[0] as string, personProject: s.personIds[0] as string };
};

describe('Beijing team membership (BJ-TEAM)', () => {
  it('admits the 15th member and refuses the 16th (BJ-TEAM)', async () => {
    const { id } = await team(14);
    const fifteenth = await add(id, { residentId: freshResidentId() });
    expect(fifteenth.status, JSON.stringify(fifteenth.body)).toBe(201);
    expect(fifteenth.body.memberCount).toBe(15);
    const sixteenth = await add(id, {});
    expect(sixteenth.status).toBe(422);
    expect(sixteenth.body.errors[0]).toMatchObject({ ruleId: 'BJ-TEAM', field: 'body.members' });
  });

  it('lets only the city grant a 16th member as an audited exception (BJ-TEAM 原则上)', async () => {
    const { id } = await team(15);
    const byUnit = await add(id, { overrideReason: '特殊需要' });
    expect(byUnit.status).toBe(403);
    const byAdmin = await add(id, { overrideReason: '新职业领域需要企业专家' }, admin);
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    expect(byAdmin.body.memberCount).toBe(16);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: id },
      caller: auditor,
    });
    const last = audit.body.items.at(-1);
    expect(last.action).toBe('beijing.member.added');
    expect(last.after.overridden[0]).toMatchObject({ ruleId: 'BJ-TEAM', clause: 'size', by: 'bj-admin' });
  });

  it('lets exactly one of two concurrent additions to a team of 14 succeed (BJ-TEAM)', async () => {
    const { id } = await team(14);
    const results = await Promise.all([add(id, { name: '甲老师' }), add(id, { name: '乙老师' })]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 422]);
    expect(results.find((r) => r.status === 422)?.body.errors[0].ruleId).toBe('BJ-TEAM');
    const list = await members(id);
    expect(list.body.items).toHaveLength(15);
    const project = await call({
      method: 'GET',
      route: '/projects/{projectId}',
      pathParameters: { projectId: id },
      caller: admin,
    });
    expect(project.body.memberCount).toBe(15);
  });

  it("checks a new leader's title: associate-senior or senior technician (BJ-TEAM)", async () => {
    const { id } = await team(4);
    const weak = await add(id, { isLeader: true, professionalTitle: '中级', skillLevel: '技师' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].ruleId).toBe('BJ-TEAM');
    expect(weak.body.errors[0].field).toMatch(/^body\.members\[\d+\]\.professionalTitle$/);
    const technician = await add(id, { isLeader: true, skillLevel: '高级技师' });
    expect(technician.status, JSON.stringify(technician.body)).toBe(201);
    const list = (await members(id)).body.items as { isLeader: boolean; memberId: string }[];
    expect(list.filter((m) => m.isLeader)).toHaveLength(1);
    expect(list.find((m) => m.isLeader)?.memberId).toBe(technician.body.member.memberId);
  });

  it('refuses removing the leader, allows removing another member (BJ-TEAM)', async () => {
    const { id } = await team(4);
    const list = (await members(id)).body.items as { isLeader: boolean; memberId: string }[];
    const leader = list.find((m) => m.isLeader);
    const other = list.find((m) => !m.isLeader);
    const noLeader = await remove(id, leader?.memberId as string);
    expect(noLeader.status).toBe(422);
    expect(noLeader.body.errors[0].ruleId).toBe('BJ-TEAM');
    const ok = await remove(id, other?.memberId as string);
    expect(ok.status).toBe(200);
    expect(ok.body.memberCount).toBe(3);
    expect((await remove(id, other?.memberId as string)).status).toBe(404);
  });

  it('reports (never blocks) a team no longer mostly full-time teachers (BJ-TEAM composition)', async () => {
    const { id } = await team(1);
    const first = await add(id, { role: 'enterprise-staff', employer: '某企业' });
    expect(first.status).toBe(201);
    expect(first.body.reported).toEqual([expect.objectContaining({ ruleId: 'BJ-TEAM' })]);
    const { id: id2 } = await team(3);
    const fine = await add(id2, { role: 'enterprise-staff' });
    expect(fine.status).toBe(201);
    expect(fine.body.reported).toEqual([]);
  });

  it('validates a new member’s resident ID (X-RESIDENT-ID) and refuses the same person twice', async () => {
    const { id } = await team(3);
    const bad = await add(id, { residentId: '110105199001011234' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ ruleId: 'X-RESIDENT-ID', field: 'body.residentId' });
    const rid = freshResidentId();
    expect((await add(id, { residentId: rid })).status).toBe(201);
    const twice = await add(id, { residentId: rid, name: '另一人' });
    expect(twice.status).toBe(409);
    expect(twice.body.ruleId).toBe('P-MEMBERS');
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: id },
      caller: auditor,
    });
    expect(JSON.stringify(audit.body)).not.toContain(rid);
  });

  it('masks members’ resident IDs for everyone but the admin (X-RESIDENT-ID), pages the list', async () => {
    const { id } = await team(3);
    const full = (await members(id, admin)).body.items[0].residentId as string;
    expect(full).toMatch(/^\d{17}[\dX]$/);
    const masked = (await members(id, unit('s1'))).body.items[0].residentId as string;
    expect(masked).not.toBe(full);
    expect(masked).toContain('*');
    const page = await members(id, auditor, '2');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('has members only for team projects, and only while the project runs (BJ-TEAM)', async () => {
    const { id, personProject } = await team(3);
    const person = await add(personProject, {});
    expect(person.status).toBe(409);
    expect(person.body.ruleId).toBe('BJ-TEAM');
    const dq = await call({
      method: 'POST',
      route: '/projects/{projectId}/disqualification',
      pathParameters: { projectId: id },
      body: { ground: 'criminal-liability', details: '被依法追究刑事责任', decidedOn: '2026-06-01' },
      caller: admin,
    });
    expect(dq.status).toBe(200);
    const after = await add(id, {});
    expect(after.status).toBe(409);
  });

  it('guards the member routes: roles (403), unit scope and other agencies (404)', async () => {
    const { id } = await team(3);
    const someone = ((await members(id)).body.items[1] as { memberId: string }).memberId;
    for (const caller of [reviewer, auditor, unit('s2'), { agency: 'beijing', roles: ['finance'] }]) {
      expect((await add(id, {}, caller)).status).toBe(403);
      expect((await remove(id, someone, caller)).status).toBe(403);
    }
    expect((await members(id, unit('s2'))).status).toBe(403);
    expect((await members(id, { agency: 'beijing', roles: ['finance'] })).status).toBe(403);
    expect((await add(id, {}, intruder)).status).toBe(404);
    expect((await remove(id, someone, intruder)).status).toBe(404);
    expect((await members(id, intruder)).status).toBe(404);
    expect((await members(id, reviewer)).status).toBe(200);
  });
});
