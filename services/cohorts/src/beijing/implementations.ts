import { type AuthContext, implement, type RouteImplementation } from '@talent/http';
import { ForbiddenError, NotFoundError, nowIso } from '@talent/kernel';
import { cycleOf } from '../shared/cycle-access';
import {
  type Certificate,
  type ChangeRequest,
  type Check,
  etagOf,
  type Member,
  memberView,
  PROGRAMME_ID,
  type Project,
  projectView,
  type Report,
  seesFull,
} from './model';
import { auditOf, CERTIFICATE_SK, childPage, getChild, projectPage } from './repository';
import * as r from './routes';
import * as uc from './use-cases';

const one = (p: Project, status?: number) => ({
  ...(status ? { status } : {}),
  body: projectView(p),
  headers: { etag: etagOf(p) },
});

/** P-UNIT-SCOPE on lists: a unit user lists only its own unit (its token's unitId). */
const listUnit = (auth: AuthContext, asked: string | undefined): string | undefined => {
  if (auth.roles.some((role) => ['admin', 'reviewer', 'auditor'].includes(role))) return asked;
  if (!auth.unitId || (asked !== undefined && asked !== auth.unitId))
    throw new ForbiddenError('A unit may list only its own projects', 'P-UNIT-SCOPE');
  return auth.unitId;
};

/** The code behind `beijingRoutes`. */
export const beijingImplementations: readonly RouteImplementation[] = [
  implement(r.openBjProjects, async (req) => ({
    body: await uc.openProjects(
      req.auth.agencyId,
      req.params.cycleId,
      { userId: req.auth.userId, roles: req.auth.roles },
      nowIso(),
      req.requestId,
    ),
  })),
  implement(r.listBjProjects, async (req) => {
    const unitId = listUnit(req.auth, req.query.unitId);
    await cycleOf(req.auth.agencyId, req.params.cycleId, [PROGRAMME_ID]);
    const page = await projectPage(req.auth.agencyId, {
      cycleId: req.params.cycleId,
      category: req.query.category,
      unitId,
      limit: req.query.limit,
      cursor: req.query.cursor,
    });
    return { body: { items: page.items.map(projectView), nextCursor: page.nextCursor } };
  }),
  implement(r.getBjProject, async (req) => one(await uc.loadProject(req.auth, req.params.projectId, 'read'))),
  implement(r.saveBjPlan, async (req) =>
    one(await uc.savePlan(req.auth, req.params.projectId, req.ifMatch, req.body, nowIso(), req.requestId)),
  ),
  implement(r.submitBjPlan, async (req) =>
    one(await uc.submitPlan(req.auth, req.params.projectId, nowIso(), req.requestId)),
  ),
  implement(r.reviewBjPlan, async (req) =>
    one(await uc.reviewPlan(req.auth, req.params.projectId, req.body, nowIso(), req.requestId)),
  ),
  implement(r.requestBjPlanChange, async (req) => ({
    status: 201,
    body: await uc.requestChange(req.auth, req.params.projectId, req.body, nowIso(), req.requestId),
  })),
  implement(r.listBjChangeRequests, async (req) => {
    await uc.loadProject(req.auth, req.params.projectId, 'read');
    return {
      body: await childPage<ChangeRequest>(
        req.auth.agencyId,
        req.params.projectId,
        'CR#',
        req.query.limit,
        req.query.cursor,
      ),
    };
  }),
  implement(r.decideBjPlanChange, async (req) => {
    const out = await uc.decideChange(
      req.auth,
      req.params.projectId,
      req.params.changeRequestId,
      req.body,
      nowIso(),
      req.requestId,
    );
    return { body: out.changeRequest, headers: { etag: etagOf(out.project) } };
  }),
  implement(r.listBjMembers, async (req) => {
    const project = await uc.loadProject(req.auth, req.params.projectId, 'read');
    const page = await childPage<Member>(
      req.auth.agencyId,
      project.projectId,
      'MEMBER#',
      req.query.limit,
      req.query.cursor,
    );
    const full = seesFull(req.auth.roles);
    return { body: { items: page.items.map((m) => memberView(m, full)), nextCursor: page.nextCursor } };
  }),
  implement(r.addBjMember, async (req) => ({
    status: 201,
    body: await uc.addMember(req.auth, req.params.projectId, req.body, nowIso(), req.requestId),
  })),
  implement(r.removeBjMember, async (req) => ({
    body: await uc.removeMember(
      req.auth,
      req.params.projectId,
      req.params.memberId,
      req.body.reason,
      nowIso(),
      req.requestId,
    ),
  })),
  implement(r.recordBjCheck, async (req) => {
    const out = await uc.recordCheck(req.auth, req.params.projectId, req.body, nowIso(), req.requestId);
    return { status: 201, body: out.check, headers: { etag: etagOf(out.project) } };
  }),
  implement(r.listBjChecks, async (req) => {
    await uc.loadProject(req.auth, req.params.projectId, 'read');
    return {
      body: await childPage<Check>(
        req.auth.agencyId,
        req.params.projectId,
        'CHECK#',
        req.query.limit,
        req.query.cursor,
      ),
    };
  }),
  implement(r.fileBjReport, async (req) => ({
    status: 201,
    body: await uc.fileReport(req.auth, req.params.projectId, req.body, nowIso(), req.requestId),
  })),
  implement(r.listBjReports, async (req) => {
    await uc.loadProject(req.auth, req.params.projectId, 'read');
    return {
      body: await childPage<Report>(
        req.auth.agencyId,
        req.params.projectId,
        'REPORT#',
        req.query.limit,
        req.query.cursor,
      ),
    };
  }),
  implement(r.disqualifyBjProject, async (req) =>
    one(await uc.disqualify(req.auth, req.params.projectId, req.body, nowIso(), req.requestId)),
  ),
  implement(r.getBjCertificate, async (req) => {
    await uc.loadProject(req.auth, req.params.projectId, 'read');
    const c = await getChild<Certificate>(req.auth.agencyId, req.params.projectId, CERTIFICATE_SK);
    if (!c) throw new NotFoundError('Certificate of project', req.params.projectId);
    return { body: c };
  }),
  implement(r.listBjProjectAudit, async (req) => {
    await uc.loadProject(req.auth, req.params.projectId, 'read');
    return {
      body: await auditOf(req.auth.agencyId, req.params.projectId, req.query.limit, req.query.cursor),
    };
  }),
];
