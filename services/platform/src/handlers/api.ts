import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { BUNDLED_DATA, bundledSchedules } from '@talent/calendar';
import { uploadedYears, uploadYear } from '@talent/calendar/store';
import { getDocumentClient, mainTableName } from '@talent/data';
import { createApi, implement } from '@talent/http';
import { NotFoundError, nowIso, ValidationFailedError } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { openApiDocument } from '../openapi';
import { toProgrammeListItem, toProgrammeView } from '../programme-view';
import * as routes from '../routes';
import * as useCases from '../use-cases/programmes';

let document: unknown;

const deps: useCases.Deps = {
  programmes: new DynamoProgrammeStore(),
  now: () => nowIso(),
};

export const handler = createApi([
  implement(routes.listCalendarYears, async (req) => {
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
      body: await uploadYear(req.auth.agencyId, req.body, {
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
    document ??= openApiDocument();
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
]);
