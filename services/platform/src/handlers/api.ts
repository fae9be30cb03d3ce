import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { findProgramme, programmes } from '@talent/catalogue';
import { getDocumentClient, mainTableName } from '@talent/data';
import { createApi, implement } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import * as z from 'zod';
import { openApiDocument } from '../openapi';
import * as routes from '../routes';

let document: unknown;

const programmeView = (p: (typeof programmes)[number]) => ({
  programmeId: p.id,
  version: p.version,
  nameZh: p.nameZh,
  nameEn: p.nameEn,
  issuersZh: [...p.issuersZh],
  effectiveFrom: p.effectiveFrom,
  source: p.source,
  categories: p.categories.map((c) => ({
    id: c.id,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    nomineeKind: c.nomineeKind,
    ...(c.quotaPerCycle !== undefined ? { quotaPerCycle: c.quotaPerCycle } : {}),
    ruleIds: [...c.ruleIds],
    attributesSchema: z.toJSONSchema(c.attributes(), { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  })),
});

export const handler = createApi([
  implement(routes.health, async () => ({
    body: { status: 'ok', service: 'platform', time: new Date().toISOString() },
  })),
  implement(routes.openApiDocument, async () => {
    document ??= openApiDocument();
    return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
  }),
  implement(routes.listProgrammes, async (req) => ({
    body: { items: programmes.filter((p) => p.agencyIds.includes(req.auth.agencyId)).map(programmeView) },
  })),
  implement(routes.getProgramme, async (req) => {
    const p = findProgramme(req.params.programmeId);
    if (!p?.agencyIds.includes(req.auth.agencyId))
      throw new NotFoundError('Programme', req.params.programmeId);
    return { body: programmeView(p) };
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
