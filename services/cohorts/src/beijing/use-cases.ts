/**
 * Beijing 项目培养制 (seed 004 三): a project per selectee or team of the official list; its growth
 * (construction) plan and task book with overall and yearly targets, approved by experts and
 * changed afterwards only by a change request the city approves (BJ-PLAN); the team's membership
 * (BJ-TEAM); annual checks, mid-term evaluation and final acceptance with elimination and
 * disqualification (BJ-CHECKS); certificates (BJ-CERTIFICATES).
 */
import {
  evaluate,
  type GroupMember,
  nominationContext,
  type Override,
  type Programme,
  type RuleViolation,
  withBase,
} from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import {
  type AuthContext,
  assertIfMatch,
  assertNotOwnUnit as assertNotOwnUnitOf,
  assertUnitScope as assertUnitScopeOf,
  changeBy,
  type IfMatch,
} from '@talent/http';
import {
  addDays,
  addMonths,
  ConflictError,
  compareDates,
  ForbiddenError,
  NotFoundError,
  newId,
  parseResidentId,
  ValidationFailedError,
  type Violation,
} from '@talent/kernel';
import { officialRoster } from '@talent/svc-nominations/roster';
import { cycleOf, stageStatus } from '../shared/cycle-access';
import { registeredReviewerUnit } from '../shared/reviewer-units';
import {
  type ChangeRequest,
  type Check,
  type CheckKind,
  checkKeyOf,
  type Ending,
  LIVE,
  type Member,
  memberView,
  type Plan,
  PROGRAMME_ID,
  type Project,
  projectView,
  type Report,
  STAGE_OF,
  seesFull,
} from './model';
import {
  allChildren,
  type Change,
  changeRequestSk,
  checkSk,
  childDelete,
  childPut,
  getChild,
  getProject,
  ItemExistsError,
  memberAudit,
  memberSk,
  ProjectChangedError,
  reportSk,
  saveProject,
  stageStillOpen,
} from './repository';
import type { CheckBody, MemberInputBody, PlanInput, ReportBody } from './schemas';

const change = (auth: AuthContext, action: string, at: string, requestId?: string, reason?: string): Change =>
  changeBy(auth, action, requestId, reason, at);

const invalid = (ruleId: string, path: string, message: string, messageZh?: string): ValidationFailedError =>
  new ValidationFailedError([{ ruleId, path, message, ...(messageZh ? { messageZh } : {}) }]);

// ——— access ———

/** P-UNIT-SCOPE: a unit user sees and changes only its own unit's projects (the nomination's unitId). */
const assertUnitScope = (auth: AuthContext, project: Project, access: 'read' | 'write'): void =>
  assertUnitScopeOf(auth, access, project.unitId, 'A unit may act only on its own projects');

/**
 * X-RECUSAL: a reviewer never reviews (approves a plan of, checks) a project of their own unit —
 * the unit of the token, or the unit the expert is registered with in the reviewer registry (a
 * token without a unit is no exemption). Admin is never recused.
 */
const assertNotOwnUnit = async (auth: AuthContext, project: Project): Promise<void> => {
  const message = 'A reviewer may not review a project of their own unit';
  assertNotOwnUnitOf(auth, project.unitId, message);
  if (auth.roles.includes('admin')) return;
  if ((await registeredReviewerUnit(auth.agencyId, auth.userId)) === project.unitId)
    throw new ForbiddenError(message, 'X-RECUSAL');
};

const assertVersion = (project: Project, ifMatch: IfMatch): void => assertIfMatch(ifMatch, project.version);

export const loadProject = async (auth: AuthContext, projectId: string, access: 'read' | 'write') => {
  const project = await getProject(auth.agencyId, projectId);
  if (!project) throw new NotFoundError('Project', projectId);
  assertUnitScope(auth, project, access);
  return project;
};

const programmeOf = async (agency: AgencyId, cycleId: string) => cycleOf(agency, cycleId, [PROGRAMME_ID]);

const bump = (p: Project, auth: { userId: string }, at: string, patch: Partial<Project>): Project => ({
  ...p,
  ...patch,
  version: p.version + 1,
  updatedAt: at,
  updatedBy: auth.userId,
});

/** Retries a change that lost a race on the project's version: it re-reads and decides again. */
const withRetry = async <T>(run: () => Promise<T>, attempts = 6): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ProjectChangedError) || i >= attempts) throw error;
    }
  }
};

// ——— projects ———

/**
 * Opens a project for every entry of the cycle's official list that has none (idempotent: the
 * project's id is the nomination's, written only if absent). A team's members are copied from the
 * nomination. Used by `POST /cycles/{cycleId}/projects` and the planning stage's `opened` hook.
 */
export const openProjects = async (
  agency: AgencyId,
  cycleId: string,
  actor: { userId: string; roles: readonly string[] },
  at: string,
  requestId?: string,
): Promise<{ created: number; existing: number; projectIds: string[] }> => {
  const { cycle, programme } = await programmeOf(agency, cycleId);
  if (stageStatus(cycle, 'official-list') !== 'closed' && !cycle.officialList) {
    throw new ConflictError(
      'P-OFFICIAL-LIST',
      `The official list of cycle ${cycleId} is not final yet; projects start from it`,
      'cycleId',
    );
  }
  const roster = await officialRoster(agency, cycleId);
  let created = 0;
  let existing = 0;
  const projectIds: string[] = [];
  for (const entry of roster) {
    if (!programme.categories.some((c) => c.id === entry.category)) continue;
    const kind = entry.nomineeKind === 'team' ? 'team' : 'person';
    const members: Member[] = (entry.team?.members ?? []).map((m) => ({
      memberId: newId(),
      name: m.name,
      ...(m.residentId ? { residentId: m.residentId } : {}),
      role: m.role,
      isLeader: m.isLeader,
      ...(m.professionalTitle ? { professionalTitle: m.professionalTitle } : {}),
      ...(m.skillLevel ? { skillLevel: m.skillLevel } : {}),
      ...(m.employer ? { employer: m.employer } : {}),
      addedAt: at,
      addedBy: 'official-list',
    }));
    const project: Project = {
      projectId: entry.nominationId,
      agencyId: agency,
      cycleId,
      nominationId: entry.nominationId,
      category: entry.category,
      nomineeKind: kind,
      unitId: entry.unitId,
      name: entry.team?.name ?? entry.nominee?.name ?? entry.nominationId,
      status: 'planning',
      planHistory: [],
      memberCount: members.length,
      checks: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
      updatedBy: actor.userId,
    };
    try {
      await saveProject(
        undefined,
        project,
        { actor, action: 'beijing.project.opened', at, ...(requestId ? { requestId } : {}) },
        members.map((m) => childPut(agency, project.projectId, memberSk(m.memberId), 'BeijingMember', m)),
      );
      created += 1;
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
      existing += 1;
    }
    projectIds.push(project.projectId);
  }
  return { created, existing, projectIds };
};

// ——— plan (BJ-PLAN) ———

/** Years of a 2–3 year plan: 3 when it runs past 24 months from its start, else 2. */
const yearsOf = (startsOn: string, endsOn: string): number =>
  compareDates(addDays(endsOn, 1), addMonths(startsOn, 24)) > 0 ? 3 : 2;

/**
 * BJ-PLAN: the duration through the engine (`project-plan` context: 2–3 years), then the task book's
 * shape the catalogue records but does not compute: overall targets, and yearly targets for exactly
 * each project year, target ids unique in the plan.
 */
const checkPlan = (programme: Programme, input: PlanInput, base: string): Plan => {
  const result = evaluate(programme, {
    type: 'project-plan',
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  });
  const violations: Violation[] = withBase(base, result.violations);
  if (violations.length > 0) throw new ValidationFailedError(violations);
  const years = yearsOf(input.startsOn, input.endsOn);
  const problems: Violation[] = [];
  const given = input.yearlyTargets.map((y) => y.year);
  for (let y = 1; y <= years; y++) {
    if (!given.includes(y))
      problems.push({
        ruleId: 'BJ-PLAN',
        path: `${base}.yearlyTargets`,
        message: `the plan runs ${years} years: give the targets of year ${y}`,
        messageZh: `须确定第${y}年度绩效目标`,
      });
  }
  input.yearlyTargets.forEach((y, i) => {
    if (y.year > years)
      problems.push({
        ruleId: 'BJ-PLAN',
        path: `${base}.yearlyTargets[${i}].year`,
        message: `the plan runs ${years} years; there is no year ${y.year}`,
      });
    if (given.indexOf(y.year) !== i)
      problems.push({
        ruleId: 'BJ-PLAN',
        path: `${base}.yearlyTargets[${i}].year`,
        message: `year ${y.year} twice`,
      });
  });
  const seen = new Set<string>();
  const ids = [
    ...input.overallTargets.map((t, i) => [t.targetId, `${base}.overallTargets[${i}].targetId`] as const),
    ...input.yearlyTargets.flatMap((y, i) =>
      y.targets.map((t, j) => [t.targetId, `${base}.yearlyTargets[${i}].targets[${j}].targetId`] as const),
    ),
  ];
  for (const [id, path] of ids) {
    if (seen.has(id)) problems.push({ ruleId: 'BJ-PLAN', path, message: `target id ${id} is used twice` });
    seen.add(id);
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return {
    status: 'draft',
    revision: 0,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    years,
    growthPlan: input.growthPlan,
    taskBook: input.taskBook,
    overallTargets: input.overallTargets.map((t) => ({ ...t })),
    yearlyTargets: [...input.yearlyTargets]
      .sort((a, b) => a.year - b.year)
      .map((y) => ({ year: y.year, targets: y.targets.map((t) => ({ ...t })) })),
  };
};

const planNotOpen = (p: Project) =>
  new ConflictError(
    'BJ-PLAN',
    p.plan?.status === 'approved'
      ? 'The plan is approved: it changes only by a change request the city approves'
      : `The plan is ${p.plan?.status ?? 'not written'}; this step does not apply`,
    'plan.status',
  );

export const savePlan = async (
  auth: AuthContext,
  projectId: string,
  ifMatch: IfMatch,
  input: PlanInput,
  at: string,
  requestId: string,
): Promise<Project> => {
  const project = await loadProject(auth, projectId, 'write');
  assertVersion(project, ifMatch);
  if (project.status !== 'planning' || (project.plan && !['draft', 'returned'].includes(project.plan.status)))
    throw planNotOpen(project);
  const { programme } = await programmeOf(auth.agencyId, project.cycleId);
  const plan = checkPlan(programme, input, 'body');
  const after = bump(project, auth, at, {
    plan: {
      ...plan,
      ...(project.plan?.reviewComments ? { reviewComments: project.plan.reviewComments } : {}),
    },
  });
  await saveProject(project, after, change(auth, 'beijing.plan.saved', at, requestId));
  return after;
};

export const submitPlan = async (auth: AuthContext, projectId: string, at: string, requestId: string) => {
  const project = await loadProject(auth, projectId, 'write');
  const plan = project.plan;
  if (project.status !== 'planning' || !plan || !['draft', 'returned'].includes(plan.status))
    throw planNotOpen(project);
  const after = bump(project, auth, at, { plan: { ...plan, status: 'submitted', submittedAt: at } });
  await saveProject(project, after, change(auth, 'beijing.plan.submitted', at, requestId));
  return after;
};

/** 专家审核: the reviewer approves the plan (the project starts) or returns it for revision. */
export const reviewPlan = async (
  auth: AuthContext,
  projectId: string,
  body: { decision: 'approve' | 'return'; comments: string },
  at: string,
  requestId: string,
) => {
  const project = await loadProject(auth, projectId, 'read');
  await assertNotOwnUnit(auth, project);
  const plan = project.plan;
  if (project.status !== 'planning' || plan?.status !== 'submitted')
    throw new ConflictError(
      'BJ-PLAN',
      `Only a submitted plan is reviewed; this one is ${plan?.status ?? 'not written'}`,
      'plan.status',
    );
  const reviewed = { reviewedAt: at, reviewedBy: auth.userId, reviewComments: body.comments };
  const after =
    body.decision === 'approve'
      ? bump(project, auth, at, {
          status: 'active',
          plan: { ...plan, ...reviewed, status: 'approved', revision: 1, approvedAt: at },
        })
      : bump(project, auth, at, { plan: { ...plan, ...reviewed, status: 'returned' } });
  await saveProject(
    project,
    after,
    change(
      auth,
      body.decision === 'approve' ? 'beijing.plan.approved' : 'beijing.plan.returned',
      at,
      requestId,
      body.comments,
    ),
  );
  return after;
};

/** 成长（建设）方案如需调整: the selectee's school asks; the city (admin) decides. One pending at a time. */
export const requestChange = async (
  auth: AuthContext,
  projectId: string,
  body: { reason: string; plan: PlanInput },
  at: string,
  requestId: string,
): Promise<ChangeRequest> => {
  const project = await loadProject(auth, projectId, 'write');
  if (project.status !== 'active' || project.plan?.status !== 'approved')
    throw new ConflictError(
      'BJ-PLAN',
      'Only the approved plan of an active project is changed by request',
      'status',
    );
  if (project.pendingChangeRequestId)
    throw new ConflictError(
      'BJ-PLAN',
      `Change request ${project.pendingChangeRequestId} awaits the city's decision`,
      'pendingChangeRequestId',
    );
  const { programme } = await programmeOf(auth.agencyId, project.cycleId);
  const plan = checkPlan(programme, body.plan, 'body.plan');
  if (plan.startsOn !== project.plan.startsOn)
    throw invalid(
      'BJ-PLAN',
      'body.plan.startsOn',
      `the project started on ${project.plan.startsOn}; a change keeps it`,
    );
  const recordedYears = project.checks.filter((k) => k.startsWith('annual-')).map((k) => Number(k.slice(7)));
  if (recordedYears.some((y) => y > plan.years))
    throw invalid('BJ-PLAN', 'body.plan.endsOn', 'years already checked cannot be cut from the plan');
  const cr: ChangeRequest = {
    changeRequestId: newId(),
    projectId,
    status: 'pending',
    reason: body.reason,
    plan,
    requestedBy: auth.userId,
    requestedAt: at,
  };
  const after = bump(project, auth, at, { pendingChangeRequestId: cr.changeRequestId });
  await saveProject(
    project,
    after,
    change(auth, 'beijing.plan.change-requested', at, requestId, body.reason),
    [childPut(auth.agencyId, projectId, changeRequestSk(cr.changeRequestId), 'BeijingChangeRequest', cr)],
  );
  return cr;
};

/** 经市人力资源社会保障局核准后执行: approval replaces the plan; the earlier one stays in the history. */
export const decideChange = async (
  auth: AuthContext,
  projectId: string,
  changeRequestId: string,
  body: { decision: 'approve' | 'reject'; comments: string },
  at: string,
  requestId: string,
): Promise<{ project: Project; changeRequest: ChangeRequest }> => {
  const project = await loadProject(auth, projectId, 'write');
  const cr = await getChild<ChangeRequest>(auth.agencyId, projectId, changeRequestSk(changeRequestId));
  if (!cr) throw new NotFoundError('ChangeRequest', changeRequestId);
  if (cr.status !== 'pending' || project.pendingChangeRequestId !== changeRequestId)
    throw new ConflictError('BJ-PLAN', `The change request is already ${cr.status}`, 'status');
  if (body.decision === 'approve' && project.status !== 'active')
    throw new ConflictError(
      'BJ-PLAN',
      `The project is ${project.status}; its plan no longer changes`,
      'status',
    );
  const decided: ChangeRequest = {
    ...cr,
    status: body.decision === 'approve' ? 'approved' : 'rejected',
    decidedBy: auth.userId,
    decidedAt: at,
    comments: body.comments,
  };
  const current = project.plan as Plan;
  const { pendingChangeRequestId: _pending, ...rest } = project;
  const after: Project = bump(rest as Project, auth, at, {
    ...(body.decision === 'approve'
      ? {
          plan: {
            ...cr.plan,
            status: 'approved',
            revision: current.revision + 1,
            approvedAt: at,
            reviewedAt: at,
            reviewedBy: auth.userId,
            reviewComments: body.comments,
          },
          planHistory: [...project.planHistory, current],
        }
      : {}),
  });
  await saveProject(
    project,
    after,
    change(auth, `beijing.plan.change-${decided.status}`, at, requestId, body.comments),
    [
      childPut(
        auth.agencyId,
        projectId,
        changeRequestSk(changeRequestId),
        'BeijingChangeRequest',
        decided,
        'any',
      ),
    ],
  );
  return { project: after, changeRequest: decided };
};

// ——— team members (BJ-TEAM) ———

const groupOf = (members: readonly Member[]): GroupMember[] =>
  members.map((m) => ({
    id: m.memberId,
    role: m.role,
    isLeader: m.isLeader,
    ...(m.professionalTitle ? { professionalTitle: m.professionalTitle } : {}),
    ...(m.skillLevel ? { skillLevel: m.skillLevel } : {}),
  }));

/** The answer to a change of the team: the member, the team's size, and what BJ-TEAM reports. */
const teamChangeView = (
  auth: AuthContext,
  member: Member,
  memberCount: number,
  reported: readonly { ruleId: string; path: string; message: string }[],
) => ({
  member: memberView(member, seesFull(auth.roles)),
  memberCount,
  reported: reported.map((r) => ({ ruleId: r.ruleId, path: `members.${r.path}`, message: r.message })),
});
/** The team's rules of the catalogue (team-size-max, share-min, leader's title) on a member set. */
const evaluateTeam = async (
  project: Project,
  members: readonly Member[],
  overrides: readonly Override[] = [],
) => {
  const { cycle, programme } = await programmeOf(project.agencyId, project.cycleId);
  const context = nominationContext(programme, {
    category: project.category,
    programmeYear: cycle.year,
    selectionDate: cycle.selectionDate,
    attributes: {},
    members: groupOf(members),
  });
  return evaluate(programme, context, { overrides });
};

const keyOf = (v: RuleViolation) => `${v.ruleId}#${v.clause ?? ''}`;

const assertTeam = (project: Project, status: readonly string[] = LIVE) => {
  if (project.nomineeKind !== 'team')
    throw new ConflictError('BJ-TEAM', 'Only a team project has members', 'projectId');
  if (!status.includes(project.status))
    throw new ConflictError(
      'BJ-TEAM',
      `The project is ${project.status}; its team no longer changes`,
      'status',
    );
};

export const addMember = async (
  auth: AuthContext,
  projectId: string,
  body: MemberInputBody,
  at: string,
  requestId: string,
) => {
  if (body.overrideReason && !auth.roles.includes('admin'))
    throw new ForbiddenError('Only the city (admin) grants an exception to BJ-TEAM', 'BJ-TEAM');
  return withRetry(async () => {
    const project = await loadProject(auth, projectId, 'write');
    assertTeam(project);
    const members = await allChildren<Member>(auth.agencyId, projectId, 'MEMBER#');
    const residentId = body.residentId ? parseResidentId(body.residentId) : undefined;
    const id = residentId?.ok ? residentId.value.id : undefined;
    if (id && members.some((m) => m.residentId === id))
      throw new ConflictError('P-MEMBERS', 'This person is already a member of the team', 'residentId');
    const member: Member = {
      memberId: newId(),
      name: body.name,
      ...(id ? { residentId: id } : {}),
      role: body.role,
      isLeader: body.isLeader,
      ...(body.professionalTitle ? { professionalTitle: body.professionalTitle } : {}),
      ...(body.skillLevel ? { skillLevel: body.skillLevel } : {}),
      ...(body.employer ? { employer: body.employer } : {}),
      addedAt: at,
      addedBy: auth.userId,
    };
    // A new leader takes over: the former leader stays as a member.
    const demoted = member.isLeader
      ? members.filter((m) => m.isLeader).map((m) => ({ ...m, isLeader: false }))
      : [];
    const next = [...members.map((m) => demoted.find((d) => d.memberId === m.memberId) ?? m), member];
    const overrides: Override[] = body.overrideReason
      ? [{ ruleId: 'BJ-TEAM', clause: 'size', by: auth.userId, reason: body.overrideReason }]
      : [];
    const result = await evaluateTeam(project, next, overrides);
    if (!result.ok) throw new ValidationFailedError(withBase('body', result.violations));
    const after = bump(project, auth, at, { memberCount: next.length });
    await saveProject(
      project,
      after,
      change(auth, 'beijing.member.added', at, requestId, body.reason),
      [
        childPut(auth.agencyId, projectId, memberSk(member.memberId), 'BeijingMember', member),
        ...demoted.map((d) =>
          childPut(auth.agencyId, projectId, memberSk(d.memberId), 'BeijingMember', d, 'any'),
        ),
      ],
      {
        before: { ...projectView(project), members: members.map(memberAudit) },
        after: {
          ...projectView(after),
          member: memberAudit(member),
          overridden: result.overridden.map((o) => ({
            ruleId: o.ruleId,
            clause: o.clause,
            by: o.by,
            reason: o.reason,
          })),
        },
      },
    );
    return teamChangeView(auth, member, next.length, result.reported);
  });
};

/** A removal may not introduce a breach of BJ-TEAM the team did not already have (e.g. leave it leaderless). */
export const removeMember = async (
  auth: AuthContext,
  projectId: string,
  memberId: string,
  reason: string,
  at: string,
  requestId: string,
) =>
  withRetry(async () => {
    const project = await loadProject(auth, projectId, 'write');
    assertTeam(project);
    const members = await allChildren<Member>(auth.agencyId, projectId, 'MEMBER#');
    const member = members.find((m) => m.memberId === memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    const next = members.filter((m) => m.memberId !== memberId);
    const before = await evaluateTeam(project, members);
    const result = await evaluateTeam(project, next);
    const had = new Set(before.violations.map(keyOf));
    const introduced = result.violations.filter((v) => !had.has(keyOf(v)));
    if (introduced.length > 0) throw new ValidationFailedError(withBase('body', introduced));
    const after = bump(project, auth, at, { memberCount: next.length });
    await saveProject(
      project,
      after,
      change(auth, 'beijing.member.removed', at, requestId, reason),
      [childDelete(auth.agencyId, projectId, memberSk(memberId))],
      { after: { ...projectView(after), removed: memberAudit(member) } },
    );
    return teamChangeView(auth, member, next.length, result.reported);
  });

// ——— checks (BJ-CHECKS) ———

const checkConflict = (message: string, field = 'kind') => new ConflictError('BJ-CHECKS', message, field);

const stageClosed = (stageKind: string) =>
  checkConflict(`The cycle's ${stageKind} stage is closed: its results are final`);

/**
 * Records an annual check (one project year, against that year's targets), the mid-term evaluation or
 * the final acceptance, while the cycle's stage of that kind is open. A result is recorded once and
 * never changes; when the stage closes it is stamped final. A missed yearly target or a failed
 * mid-term eliminates the project (淘汰) at once; a failed acceptance ends it without a certificate.
 */
export const recordCheck = async (
  auth: AuthContext,
  projectId: string,
  body: CheckBody,
  at: string,
  requestId: string,
): Promise<{ project: Project; check: Check }> =>
  withRetry(async () => {
    const project = await loadProject(auth, projectId, 'read');
    await assertNotOwnUnit(auth, project);
    if (project.status !== 'active')
      throw checkConflict(
        project.status === 'planning'
          ? 'The project has no approved plan yet'
          : `The project is ${project.status}: it gets no further checks`,
        'status',
      );
    const plan = project.plan as Plan;
    const { cycle } = await programmeOf(auth.agencyId, project.cycleId);
    const stageKind = STAGE_OF[body.kind];
    if (stageStatus(cycle, stageKind) !== 'open')
      throw checkConflict(`The cycle's ${stageKind} stage is not open (${stageStatus(cycle, stageKind)})`);
    const kind: CheckKind = body.kind;
    const problems: Violation[] = [];
    let targets: readonly { targetId: string; description: string }[] = [];
    if (kind === 'annual') {
      if (body.year === undefined || body.year > plan.years) {
        throw invalid('BJ-CHECKS', 'body.year', `an annual check names a project year 1–${plan.years}`);
      }
      targets = plan.yearlyTargets.find((y) => y.year === body.year)?.targets ?? [];
    } else {
      if (body.year !== undefined) throw invalid('BJ-CHECKS', 'body.year', `a ${kind} check names no year`);
      if (body.passed === undefined)
        throw invalid('BJ-CHECKS', 'body.passed', `a ${kind} check gives its verdict`);
      targets = plan.overallTargets;
      const needed =
        kind === 'mid-term'
          ? ['annual-1']
          : [...Array.from({ length: plan.years - 1 }, (_, i) => `annual-${i + 1}`), 'mid-term'];
      const missing = needed.filter((k) => !project.checks.includes(k));
      if (missing.length > 0) throw checkConflict(`The ${kind} comes after ${missing.join(', ')}`);
    }
    const byId = new Map(body.results.map((r, i) => [r.targetId, i]));
    body.results.forEach((r, i) => {
      if (!targets.some((t) => t.targetId === r.targetId))
        problems.push({
          ruleId: 'BJ-CHECKS',
          path: `body.results[${i}].targetId`,
          message: `no target ${r.targetId} here`,
        });
      if (byId.get(r.targetId) !== i)
        problems.push({
          ruleId: 'BJ-CHECKS',
          path: `body.results[${i}].targetId`,
          message: `target ${r.targetId} twice`,
        });
    });
    if (kind !== 'mid-term') {
      for (const t of targets) {
        if (!byId.has(t.targetId))
          problems.push({
            ruleId: 'BJ-CHECKS',
            path: 'body.results',
            message: `give the result of target ${t.targetId}`,
            messageZh: `缺少绩效目标${t.targetId}的完成情况`,
          });
      }
    }
    const missed = body.results.filter((r) => !r.met).map((r) => r.targetId);
    // 根据年度绩效目标完成情况…建立淘汰退出机制: the city's experts weigh how far the year's targets
    // were met. Without a verdict an annual check passes exactly when all are met; a verdict may
    // pass a year with targets missed (recorded as such), and fails only a year that missed some.
    if (kind === 'annual' && body.passed === false && missed.length === 0)
      problems.push({
        ruleId: 'BJ-CHECKS',
        path: 'body.passed',
        message: 'an annual check fails only on missed yearly targets: every target is met',
        messageZh: '年度绩效目标均已完成，年度检查不得判定为不通过',
      });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const passed = kind === 'annual' ? (body.passed ?? missed.length === 0) : (body.passed as boolean);
    const check: Check = {
      checkKey: checkKeyOf(kind, body.year),
      projectId,
      kind,
      ...(body.year !== undefined ? { year: body.year } : {}),
      results: body.results.map((r) => ({
        targetId: r.targetId,
        description: targets.find((t) => t.targetId === r.targetId)?.description ?? '',
        met: r.met,
        ...(r.note ? { note: r.note } : {}),
      })),
      passed,
      ...(kind === 'annual' && passed && missed.length > 0 ? { passedWithMissedTargets: missed } : {}),
      ...(body.score !== undefined ? { score: body.score } : {}),
      comments: body.comments,
      planRevision: plan.revision,
      recordedBy: auth.userId,
      recordedAt: at,
    };
    if (project.checks.includes(check.checkKey))
      throw checkConflict(`The ${check.checkKey} result is recorded; results do not change`, 'kind');
    const ending: Ending | undefined = passed
      ? undefined
      : {
          kind: kind === 'acceptance' ? 'not-accepted' : 'eliminated',
          ruleId: 'BJ-CHECKS',
          reason:
            kind === 'annual'
              ? `yearly targets of year ${body.year} missed: ${missed.join(', ')}`
              : kind === 'mid-term'
                ? 'failed the mid-term evaluation'
                : 'did not pass the final acceptance',
          at,
          by: auth.userId,
        };
    const after = bump(project, auth, at, {
      checks: [...project.checks, check.checkKey],
      ...(ending
        ? { status: ending.kind, ending }
        : kind === 'acceptance'
          ? { status: 'accepted' as const }
          : {}),
    });
    try {
      await saveProject(
        project,
        after,
        change(
          auth,
          `beijing.check.${check.checkKey}${ending ? `.${ending.kind}` : ''}`,
          at,
          requestId,
          body.comments,
        ),
        [
          childPut(auth.agencyId, projectId, checkSk(check.checkKey), 'BeijingCheck', check),
          // The stage's closed hook has not run (it runs right after the stage is recorded closed).
          stageStillOpen(auth.agencyId, project.cycleId, stageKind),
        ],
      );
    } catch (error) {
      if (error instanceof ItemExistsError && error.index === 1) throw stageClosed(stageKind);
      if (error instanceof ItemExistsError)
        throw checkConflict(`The ${check.checkKey} result is recorded; results do not change`);
      throw error; // a lost race: withRetry re-reads (and then finds the result recorded)
    }
    return { project: after, check };
  });

/** 取消培养资格: academic misconduct, harmful public conduct or criminal liability ends the project at once. */
export const disqualify = async (
  auth: AuthContext,
  projectId: string,
  body: { ground: Ending['ground'] & string; details: string; decidedOn: string },
  at: string,
  requestId: string,
) =>
  withRetry(async () => {
    const project = await loadProject(auth, projectId, 'write');
    if (!LIVE.includes(project.status))
      throw checkConflict(`The project is ${project.status}; it has already ended`, 'status');
    const ending: Ending = {
      kind: 'disqualified',
      ruleId: 'BJ-CHECKS',
      reason: `${body.decidedOn}: ${body.details}`,
      ground: body.ground,
      at,
      by: auth.userId,
    };
    const after = bump(project, auth, at, { status: 'disqualified', ending });
    await saveProject(
      project,
      after,
      change(auth, 'beijing.project.disqualified', at, requestId, body.details),
    );
    return after;
  });

/**
 * 自评报告: the unit reports on a check (its targets met or missed, with evidence) before the
 * experts record the result; one report per check, on an active project, and none once the
 * check's stage has closed (its results are final then): refused when the cycle shows the stage
 * closed, and by the write's condition on the stage-closed marker when a request read it open.
 */
export const fileReport = async (
  auth: AuthContext,
  projectId: string,
  body: ReportBody,
  at: string,
  requestId: string,
): Promise<Report> => {
  const project = await loadProject(auth, projectId, 'write');
  if (project.status !== 'active')
    throw checkConflict(`The project is ${project.status}; it reports only while it runs`, 'status');
  const plan = project.plan as Plan;
  const year = body.checkKey.startsWith('annual-') ? Number(body.checkKey.slice(7)) : undefined;
  if (year !== undefined && year > plan.years)
    throw invalid('BJ-CHECKS', 'body.checkKey', `the plan runs ${plan.years} years`);
  if (project.checks.includes(body.checkKey))
    throw checkConflict(`The ${body.checkKey} result is already recorded`, 'checkKey');
  const stageKind = STAGE_OF[year !== undefined ? 'annual' : (body.checkKey as 'mid-term' | 'acceptance')];
  const { cycle } = await programmeOf(auth.agencyId, project.cycleId);
  if (stageStatus(cycle, stageKind) === 'closed') throw stageClosed(stageKind);
  const targets =
    year !== undefined
      ? (plan.yearlyTargets.find((y) => y.year === year)?.targets ?? [])
      : plan.overallTargets;
  const problems: Violation[] = body.targets.flatMap((t, i) =>
    targets.some((x) => x.targetId === t.targetId)
      ? []
      : [
          {
            ruleId: 'BJ-CHECKS',
            path: `body.targets[${i}].targetId`,
            message: `no target ${t.targetId} here`,
          },
        ],
  );
  if (problems.length > 0) throw new ValidationFailedError(problems);
  const report: Report = {
    checkKey: body.checkKey,
    projectId,
    summary: body.summary,
    targets: body.targets.map((t) => ({ ...t })),
    submittedBy: auth.userId,
    submittedAt: at,
  };
  const after = bump(project, auth, at, {});
  try {
    await saveProject(project, after, change(auth, `beijing.report.${body.checkKey}`, at, requestId), [
      childPut(auth.agencyId, projectId, reportSk(body.checkKey), 'BeijingReport', report),
      stageStillOpen(auth.agencyId, project.cycleId, stageKind),
    ]);
  } catch (error) {
    if (error instanceof ItemExistsError && error.index === 1) throw stageClosed(stageKind);
    if (error instanceof ItemExistsError)
      throw checkConflict(`The ${body.checkKey} report is filed; reports do not change`, 'checkKey');
    throw error;
  }
  return report;
};
