/** The Beijing stage hooks' work (see stage-hooks.ts). Idempotent: each step skips what is done. */
import { auditPut, mainTableName, TransactionConditionFailed, transactWrite } from '@talent/data';
import { shanghaiDate, type Violation } from '@talent/kernel';
import { officialRoster } from '@talent/svc-nominations/roster';
import type { StageHookContext } from '@talent/svc-nominations/stage-hooks';
import {
  type Certificate,
  type Check,
  type CheckKind,
  PROGRAMME_ID,
  type Project,
  projectView,
  STAGE_OF,
} from './model';
import {
  allChildren,
  CERTIFICATE_SK,
  checkSk,
  childPut,
  getChild,
  getProject,
  ItemExistsError,
  markStageClosed,
  nextCertificateSerial,
  ProjectChangedError,
  projectPk,
  projectsOfCycle,
  saveProject,
} from './repository';
import { openProjects } from './use-cases';

const SYSTEM = { userId: 'system:lifecycle', roles: ['admin'] };

const ours = (ctx: StageHookContext) => ctx.cycle.programmeId === PROGRAMME_ID;

export const openProjectsHook = async (ctx: StageHookContext): Promise<void> => {
  if (!ours(ctx)) return;
  await openProjects(ctx.agencyId, ctx.cycle.cycleId, SYSTEM, ctx.at);
};

/** BJ-PLAN: every official entry has a project, and every live project an approved plan. */
export const planningBlockers = async (ctx: StageHookContext): Promise<readonly Violation[]> => {
  if (!ours(ctx)) return [];
  const projects = await projectsOfCycle(ctx.agencyId, ctx.cycle.cycleId);
  const roster = await officialRoster(ctx.agencyId, ctx.cycle.cycleId);
  const opened = new Set(projects.map((p) => p.projectId));
  const out: Violation[] = roster
    .filter((e) => !opened.has(e.nominationId))
    .map((e) => ({
      ruleId: 'BJ-PLAN',
      path: `nominations.${e.nominationId}`,
      message: `official entry ${e.nominationId} has no project yet (POST /cycles/{cycleId}/projects)`,
      messageZh: '培养对象尚未建立培养项目',
    }));
  for (const p of projects) {
    if (p.status !== 'planning') continue;
    out.push({
      ruleId: 'BJ-PLAN',
      path: `projects.${p.projectId}.plan`,
      message: `project ${p.projectId} (${p.name}) has no approved growth plan (plan ${p.plan?.status ?? 'not written'})`,
      messageZh: '成长（建设）方案和任务书尚未经专家审核通过',
    });
  }
  return out;
};

/** The check keys a stage of `kind` needs from an active project (annual: every year but the last). */
const due = (p: Project, kind: CheckKind): string[] => {
  if (kind !== 'annual') return [kind];
  const years = p.plan?.years ?? 2;
  return Array.from({ length: years - 1 }, (_, i) => `annual-${i + 1}`);
};

/** BJ-CHECKS: an active project without the stage's result blocks its close. Ended projects need none. */
export const checkBlockers =
  (kind: CheckKind) =>
  async (ctx: StageHookContext): Promise<readonly Violation[]> => {
    if (!ours(ctx)) return [];
    const projects = await projectsOfCycle(ctx.agencyId, ctx.cycle.cycleId);
    return projects
      .filter((p) => p.status === 'active')
      .flatMap((p) =>
        due(p, kind)
          .filter((k) => !p.checks.includes(k))
          .map((k) => ({
            ruleId: 'BJ-CHECKS',
            path: `projects.${p.projectId}.checks.${k}`,
            message: `project ${p.projectId} (${p.name}) has no ${k} result`,
            messageZh: '培养项目尚无考核结果',
          })),
      );
  };

/**
 * The stage closes: no further result is taken (the stage-closed marker), and its results become
 * final (stamped; they never change anyway).
 */
export const closeChecks =
  (kind: CheckKind) =>
  async (ctx: StageHookContext): Promise<void> => {
    if (!ours(ctx)) return;
    const table = mainTableName();
    // First the marker: every check's transaction is conditioned on its absence, so once it is
    // written no result of this stage lands, and what is read below is all there is (BJ-CHECKS).
    await markStageClosed(ctx.agencyId, ctx.cycle.cycleId, STAGE_OF[kind], ctx.stage.id, {
      actor: SYSTEM,
      action: `beijing.stage.${STAGE_OF[kind]}.closed`,
      at: ctx.at,
      reason: `stage ${ctx.stage.id} closed`,
    });
    for (const p of await projectsOfCycle(ctx.agencyId, ctx.cycle.cycleId)) {
      const checks = await allChildren<Check>(ctx.agencyId, p.projectId, 'CHECK#');
      for (const c of checks) {
        if (c.kind !== kind || c.finalAt) continue;
        try {
          await transactWrite([
            {
              Update: {
                TableName: table,
                Key: { PK: projectPk(ctx.agencyId, p.projectId), SK: checkSk(c.checkKey) },
                UpdateExpression: 'SET finalAt = :at',
                ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(finalAt)',
                ExpressionAttributeValues: { ':at': ctx.at },
              },
            },
            auditPut(table, {
              agencyId: ctx.agencyId,
              entityType: 'BeijingProject',
              entityId: p.projectId,
              entityPk: projectPk(ctx.agencyId, p.projectId),
              action: `beijing.check.${c.checkKey}.final`,
              actor: SYSTEM,
              at: ctx.at,
              reason: `stage ${ctx.stage.id} closed`,
            }),
          ]);
        } catch (error) {
          if (!(error instanceof TransactionConditionFailed)) throw error; // already final
        }
      }
    }
  };

/** BJ-CERTIFICATES: a certificate per title for every project that passed the final acceptance. */
export const issueCertificates = async (ctx: StageHookContext): Promise<void> => {
  if (!ours(ctx)) return;
  const titles = new Map(ctx.programme.categories.map((c) => [c.id, c.nameZh]));
  const issuedOn = shanghaiDate(ctx.at);
  for (const listed of await projectsOfCycle(ctx.agencyId, ctx.cycle.cycleId)) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = await getProject(ctx.agencyId, listed.projectId);
      if (p?.status !== 'accepted') break;
      const existing = await getChild<Certificate>(ctx.agencyId, p.projectId, CERTIFICATE_SK);
      const serial = existing ? undefined : await nextCertificateSerial(ctx.agencyId, ctx.cycle.year);
      const certificate: Certificate = existing ?? {
        certificateNumber: `BJGJ-${ctx.cycle.year}-${String(serial).padStart(4, '0')}`,
        projectId: p.projectId,
        category: p.category,
        titleZh: `北京市技工院校${titles.get(p.category) ?? p.category}`,
        name: p.name,
        unitId: p.unitId,
        issuedOn,
        countsForAwardsAndTitles: true,
        ruleId: 'BJ-CERTIFICATES',
      };
      const after: Project = {
        ...p,
        status: 'certified',
        certificateNumber: certificate.certificateNumber,
        version: p.version + 1,
        updatedAt: ctx.at,
        updatedBy: SYSTEM.userId,
      };
      try {
        await saveProject(
          p,
          after,
          {
            actor: SYSTEM,
            action: 'beijing.certificate.issued',
            at: ctx.at,
            reason: `stage ${ctx.stage.id} closed`,
          },
          existing
            ? []
            : [childPut(ctx.agencyId, p.projectId, CERTIFICATE_SK, 'BeijingCertificate', certificate)],
          { after: { ...projectView(after), certificate } },
        );
        break;
      } catch (error) {
        if (!(error instanceof ProjectChangedError) && !(error instanceof ItemExistsError)) throw error;
      }
    }
  }
};
