import { type AuthContext, etagHeader, implement, type RouteImplementation } from '@talent/http';
import { importAttendance, importGrades } from './imports';
import * as r from './routes';
import * as u from './use-cases';

const etag = etagHeader;

/** The code behind `jiangsuRoutes`. */
export const jiangsuImplementations: readonly RouteImplementation[] = [
  implement(r.putJsTrainingUnit, async (req) => {
    const unit = await u.putTrainingUnit(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.body,
      req.requestId,
    );
    return { status: unit.version === 1 ? 201 : 200, body: unit, headers: etag(unit) };
  }),
  implement(r.listJsTrainingUnits, async (req) => ({
    body: await u.listTrainingUnits(req.auth, req.params.cycleId, req.query.limit, req.query.cursor),
  })),
  implement(r.getJsTrainingUnit, async (req) => {
    const unit = await u.getTrainingUnit(req.auth, req.params.cycleId, req.params.unitId);
    return { body: unit, headers: etag(unit) };
  }),
  implement(r.putJsTrainingPlan, async (req) => {
    const unit = await u.putTrainingPlan(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.body,
      req.ifMatch,
      req.requestId,
    );
    return { body: unit, headers: etag(unit) };
  }),
  implement(r.addJsSession, async (req) => ({
    status: 201,
    body: await u.addSession(req.auth, req.params.cycleId, req.params.unitId, req.body, req.requestId),
  })),
  implement(r.listJsSessions, async (req) => ({
    body: await u.listSessions(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.query.limit,
      req.query.cursor,
    ),
  })),
  implement(r.submitJsGrades, async (req) => {
    const g = await u.submitGrades(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.body,
      req.ifMatch,
      req.requestId,
    );
    return { body: g, headers: etag(g) };
  }),
  implement(r.getJsGrades, async (req) => {
    const g = await u.getGrades(req.auth, req.params.cycleId, req.params.unitId);
    return { body: g, headers: etag(g) };
  }),
  implement(r.putJsCityLead, async (req) => ({
    body: await u.putCityLead(req.auth, req.params.cycleId, req.params.city, req.body, req.requestId),
  })),
  implement(r.listJsCityLeads, async (req) => ({
    body: await u.listCityLeads(req.auth, req.params.cycleId, req.query.limit, req.query.cursor),
  })),
  implement(r.enrolJsTrainee, async (req) => {
    const t = await u.enrolTrainee(req.auth, req.params.cycleId, req.body, req.requestId);
    return {
      status: 201,
      body: u.traineeView(t),
      headers: { ...etag(t), location: `/trainees/${t.traineeId}` },
    };
  }),
  implement(r.listJsTrainees, async (req) => {
    const page = await u.listTrainees(req.auth, req.params.cycleId, req.query);
    return { body: { items: page.items.map(u.traineeView), nextCursor: page.nextCursor } };
  }),
  implement(r.getJsTraineeFile, async (req) => {
    const file = await u.traineeFile(req.auth, req.params.traineeId);
    return { body: file, headers: etag(file.trainee) };
  }),
  implement(r.assignJsInstructor, async (req) => {
    const t = await u.assignInstructor(req.auth, req.params.traineeId, req.body, req.ifMatch, req.requestId);
    return { body: u.traineeView(t), headers: etag(t) };
  }),
  implement(r.recordJsAttendance, async (req) => ({
    body: await u.recordAttendance(
      req.auth,
      req.params.traineeId,
      req.params.sessionId,
      req.body,
      req.requestId,
    ),
  })),
  implement(r.requestJsLeave, async (req) => ({
    status: 201,
    body: await u.requestLeave(req.auth, req.params.traineeId, req.body, req.requestId),
  })),
  implement(r.decideJsLeave, async (req) => ({
    body: await u.decideLeave(req.auth, req.params.traineeId, req.params.leaveId, req.body, req.requestId),
  })),
  implement(r.submitJsReport, async (req) => ({
    status: 201,
    body: await u.submitReport(req.auth, req.params.traineeId, req.body, req.requestId),
  })),
  implement(r.scoreJsReport, async (req) => ({
    body: await u.scoreReport(req.auth, req.params.traineeId, req.body, req.requestId),
  })),
  implement(r.deferJsTrainee, async (req) => {
    const { deferred, next } = await u.deferTrainee(req.auth, req.params.traineeId, req.body, req.requestId);
    return { status: 201, body: { deferred: u.traineeView(deferred), next: u.traineeView(next) } };
  }),
  implement(r.continueJsTrainee, async (req) => {
    const { previous, next } = await u.continueTrainee(
      req.auth,
      req.params.traineeId,
      req.body,
      req.requestId,
    );
    return { status: 201, body: { previous: u.traineeView(previous), next: u.traineeView(next) } };
  }),
  implement(r.issueJsCertificate, async (req) => ({
    status: 201,
    body: await u.issueCertificate(req.auth as AuthContext, req.params.traineeId, req.requestId),
  })),
  implement(r.recordJsSanction, async (req) => ({
    status: 201,
    body: await u.recordSanction(req.auth, req.body, req.requestId),
  })),
  implement(r.listJsSanctions, async (req) => ({ body: await u.listSanctions(req.auth, req.query) })),
  implement(r.getJsAcceptance, async (req) => ({
    body: await u.acceptance(req.auth, req.params.cycleId, req.query.limit, req.query.cursor),
  })),
  implement(r.importJsAttendance, async (req) => ({
    body: await importAttendance(req.auth, req.params.cycleId, req.params.unitId, req.body, req.requestId),
  })),
  implement(r.importJsGrades, async (req) => ({
    body: await importGrades(
      req.auth,
      req.params.cycleId,
      req.params.unitId,
      req.body,
      req.requestId,
      req.ifMatch,
    ),
  })),
];
