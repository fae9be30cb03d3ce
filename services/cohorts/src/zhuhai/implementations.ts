import { implement, type RouteImplementation } from '@talent/http';
import * as repo from './repository';
import * as r from './routes';
import * as uc from './use-cases';

/** The code behind `zhuhaiRoutes`. */
export const zhuhaiImplementations: readonly RouteImplementation[] = [
  implement(r.registerZhCraftsman, async (req) => ({
    status: 201,
    body: uc.registrationView(
      await uc.registerCraftsman(req.auth, req.params.cycleId, req.body.nominationId, req.requestId),
    ),
  })),
  implement(r.listZhCraftsmanRegistrations, async (req) => ({
    body: await uc.listRegistrations(
      req.auth,
      req.params.cycleId,
      req.query.tier,
      req.query.limit,
      req.query.cursor,
    ),
  })),
  implement(r.getZhCraftsmanPyramid, async (req) => ({
    body: await uc.pyramid(req.auth, req.params.cycleId),
  })),
  implement(r.recordZhTeacherPromotion, async (req) => {
    const p = await uc.recordPromotion(req.auth, req.body, req.requestId);
    return {
      status: 201,
      body: uc.promotionView(req.auth)(p),
      headers: { etag: `"${p.version}"`, location: `/teacher-promotions/${p.promotionId}` },
    };
  }),
  implement(r.listZhTeacherPromotions, async (req) => ({
    body: await uc.listPromotions(req.auth, req.query.limit, req.query.cursor),
  })),
  implement(r.getZhTeacherPromotion, async (req) => {
    const p = await uc.promotionFor(req.auth, req.params.promotionId, 'read');
    return { body: uc.promotionView(req.auth)(p), headers: { etag: `"${p.version}"` } };
  }),
  implement(r.recordZhTeacherPractice, async (req) => ({
    body: await uc.recordPractice(req.auth, req.params.promotionId, req.params.year, req.body, req.requestId),
  })),
  implement(r.listZhTeacherPractice, async (req) => {
    const p = await uc.promotionFor(req.auth, req.params.promotionId, 'read');
    return { body: { items: await repo.practiceYears(p.agencyId, p.promotionId) } };
  }),
];
