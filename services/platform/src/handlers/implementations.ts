import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName } from '@talent/data';
import { implement, type RouteImplementation } from '@talent/http';
import { NotFoundError, nowIso, ValidationFailedError } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { toProgrammeListItem, toProgrammeView } from '../programme-view';
import * as routes from '../routes';
import * as useCases from '../use-cases/programmes';

// Loaded by the routes that use them (cold start): the calendar's bundled schedules and store, and
// the OpenAPI document, which is built from every service's route contracts.
const calendar = () => import('@talent/calendar');
const calendarStore = () => import('@talent/calendar/store');
let document: unknown;

const deps: useCases.Deps = {
  programmes: new DynamoProgrammeStore(),
  now: () => nowIso(),
};

export const implementations: readonly RouteImplementation[] = [
  implement(routes.listCalendarYears, async (req) => {
    const [{ BUNDLED_DATA, bundledSchedules }, { uploadedYears }] = await Promise.all([
      calendar(),
      calendarStore(),
    ]);
    const uploaded = await uploadedYears(req.auth.agencyId);
    const bundled = bundledSchedules.map((y) => y.year);
    return {
      body: {
        bundled,
        bundledFrom: BUNDLED_DATA,
        uploaded,
        covered: [...new Set([...bundled, ...uploaded.map((y) => y.year)])].sort((a, b) => a - b),
      },
    };
  }),
  implement(routes.uploadCalendarYear, async (req) => {
    const body = req.body as { year?: unknown } | null;
    if (typeof body === 'object' && body !== null && body.year !== req.params.year) {
      throw new ValidationFailedError([
        {
          ruleId: 'X-WORKING-DAYS',
          path: 'body.year',
          message: `the body is the schedule of ${String(body.year)}, the path names ${req.params.year}`,
          messageZh: '年度与路径不一致',
        },
      ]);
    }
    return {
      body: await (await calendarStore()).uploadYear(req.auth.agencyId, req.body, {
        actor: { userId: req.auth.userId, roles: req.auth.roles },
        at: nowIso(),
        requestId: req.requestId,
      }),
    };
  }),
  implement(routes.health, async () => ({
    body: { status: 'ok', service: 'platform', time: new Date().toISOString() },
  })),
  implement(routes.openApiDocument, async () => {
    document ??= (await import('../openapi')).openApiDocument();
    return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
  }),
  implement(routes.listProgrammes, async (req) => ({
    body: { items: (await useCases.listProgrammes(deps, req.auth)).map(toProgrammeListItem) },
  })),
  implement(routes.getProgramme, async (req) => ({
    body: toProgrammeView(await useCases.getProgramme(deps, req.auth, req.params.programmeId)),
  })),
  implement(routes.listProgrammeVersions, async (req) => ({
    body: { items: await useCases.programmeVersions(deps, req.auth, req.params.programmeId) },
  })),
  implement(routes.getProgrammeVersion, async (req) => ({
    body: toProgrammeView(
      await useCases.programmeVersion(deps, req.auth, req.params.programmeId, req.params.version),
    ),
  })),
  implement(routes.registerProgramme, async (req) => {
    const p = await useCases.registerProgramme(deps, req.auth, req.body, req.requestId);
    return {
      body: toProgrammeView(p),
      headers: { location: `/programmes/${p.id}/versions/${p.version}` },
    };
  }),
  implement(routes.currentAgency, async (req) => {
    const { Item: agency } = await getDocumentClient().send(
      new GetCommand({ TableName: mainTableName(), Key: { PK: `A#${req.auth.agencyId}`, SK: 'AGENCY' } }),
    );
    if (!agency) throw new NotFoundError('Agency', req.auth.agencyId);
    return {
      body: {
        agencyId: String(agency.agencyId),
        nameZh: String(agency.nameZh),
        nameEn: String(agency.nameEn),
        userId: req.auth.userId,
        roles: [...req.auth.roles],
      },
    };
  }),
];
