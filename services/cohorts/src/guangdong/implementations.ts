import { etagHeader, implement, type RouteImplementation } from '@talent/http';
import * as repo from './repository';
import * as r from './routes';
import * as uc from './use-cases';

const etag = (version: number) => etagHeader({ version });
const facultyResult = (p: repo.Pilot, status?: number) => ({
  ...(status ? { status } : {}),
  body: { pilotId: p.pilotId, faculty: p.faculty, version: p.version },
  headers: etag(p.version),
});

/** The code behind `guangdongRoutes`. */
export const guangdongImplementations: readonly RouteImplementation[] = [
  implement(r.registerGdPilots, async (req) => ({
    body: await uc.registerPilots(req.auth, req.params.cycleId, req.requestId),
  })),
  implement(r.listGdPilots, async (req) => {
    const page = await uc.listPilots(req.auth, req.params.cycleId, req.query.limit, req.query.cursor);
    return { body: { items: page.items.map(uc.pilotView), nextCursor: page.nextCursor } };
  }),
  implement(r.getGdPilot, async (req) => {
    const p = await uc.pilotFor(req.auth, req.params.pilotId, 'read');
    return { body: uc.pilotView(p), headers: etag(p.version) };
  }),
  implement(r.revokeGdPilot, async (req) => {
    const p = await uc.revokePilot(req.auth, req.params.pilotId, req.body.reason, req.requestId);
    return { body: uc.pilotView(p), headers: etag(p.version) };
  }),
  implement(r.getGdFaculty, async (req) =>
    facultyResult(await uc.pilotFor(req.auth, req.params.pilotId, 'read')),
  ),
  implement(r.replaceGdFaculty, async (req) =>
    facultyResult(
      await uc.replaceFaculty(req.auth, req.params.pilotId, req.body.members, req.ifMatch, req.requestId),
    ),
  ),
  implement(r.addGdFacultyMember, async (req) =>
    facultyResult(await uc.addFacultyMember(req.auth, req.params.pilotId, req.body, req.requestId), 201),
  ),
  implement(r.removeGdFacultyMember, async (req) =>
    facultyResult(
      await uc.removeFacultyMember(req.auth, req.params.pilotId, req.params.memberId, req.requestId),
    ),
  ),
  implement(r.createGdClass, async (req) => {
    const c = await uc.createClass(req.auth, req.params.pilotId, req.body, req.requestId);
    return { status: 201, body: c, headers: { ...etag(c.version), location: `/classes/${c.classId}` } };
  }),
  implement(r.listGdClasses, async (req) => {
    await uc.pilotFor(req.auth, req.params.pilotId, 'read');
    return {
      body: await repo.listClasses(req.auth.agencyId, req.params.pilotId, req.query.limit, req.query.cursor),
    };
  }),
  implement(r.getGdClass, async (req) => {
    const c = await uc.classFor(req.auth, req.params.classId, 'read');
    return { body: c, headers: etag(c.version) };
  }),
  implement(r.enrolGdStudent, async (req) => {
    const s = await uc.enrolStudent(req.auth, req.params.classId, req.body, req.requestId);
    return {
      status: 201,
      body: uc.studentView(req.auth)(s),
      headers: { ...etag(s.version), location: `/students/${s.studentId}` },
    };
  }),
  implement(r.listGdStudents, async (req) => {
    await uc.classFor(req.auth, req.params.classId, 'read');
    const page = await repo.listStudents(
      req.auth.agencyId,
      req.params.classId,
      req.query.limit,
      req.query.cursor,
    );
    return { body: { items: page.items.map(uc.studentView(req.auth)), nextCursor: page.nextCursor } };
  }),
  implement(r.getGdStudent, async (req) => {
    const s = await uc.studentFor(req.auth, req.params.studentId, 'read');
    return { body: uc.studentView(req.auth)(s), headers: etag(s.version) };
  }),
  implement(r.recordGdOutcome, async (req) => {
    const s = await uc.recordOutcome(req.auth, req.params.studentId, req.body, req.ifMatch, req.requestId);
    return { body: uc.studentView(req.auth)(s), headers: etag(s.version) };
  }),
  implement(r.getGdClassKpis, async (req) => ({ body: await uc.classKpis(req.auth, req.params.classId) })),
  implement(r.getGdPilotKpis, async (req) => ({ body: await uc.pilotKpis(req.auth, req.params.pilotId) })),
  implement(r.recordGdEvaluation, async (req) => {
    const e = await uc.recordEvaluation(
      req.auth,
      req.params.pilotId,
      req.params.kind,
      req.body,
      req.requestId,
    );
    return { body: e, headers: etag(e.version) };
  }),
  implement(r.listGdEvaluations, async (req) => {
    const p = await uc.pilotFor(req.auth, req.params.pilotId, 'read');
    return { body: { items: await repo.evaluationsOfPilot(p.agencyId, p.pilotId) } };
  }),
  implement(r.fileGdChange, async (req) => ({
    status: 201,
    body: await uc.fileChange(req.auth, req.params.pilotId, req.body, req.requestId),
  })),
  implement(r.listGdChanges, async (req) => {
    const p = await uc.pilotFor(req.auth, req.params.pilotId, 'read');
    return { body: await repo.listChanges(p.agencyId, p.pilotId, req.query.limit, req.query.cursor) };
  }),
  implement(r.importGdOutcomes, async (req) => ({
    body: await (await import('./import')).importOutcomes(
      req.auth,
      req.params.classId,
      req.body,
      req.requestId,
    ),
  })),
];
