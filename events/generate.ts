import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiEvent, type EventInput } from '../test/support/api-event';

/**
 * Writes the sample API Gateway v2 events in events/api/ (run: `npx tsx events/generate.ts`).
 * test/contract/events.test.ts runs each through its service's handler and checks the status.
 */
const jiangsuAdmin = { agency: 'jiangsu', roles: ['admin'], user: 'sample-admin' } as const;
const nomination = {
  programmeId: 'jiangsu-excellent-technicians',
  cycleId: 'js-2026',
  category: 'A',
  unitId: 'unit-001',
  nominee: {
    name: '王小明',
    residentId: '110105198504020136',
    phone: '13812345678',
    employer: '江苏某装备制造有限公司',
    occupation: '数控车工',
    skillLevel: '高级技师',
  },
  attributes: { basis: '苏办发〔2019〕20号', receivedChiefTechnicianSubsidy: false },
};

const samples: Record<string, { description: string; expectedStatus: number; input: EventInput }> = {
  health: {
    description: 'GET /health (public)',
    expectedStatus: 200,
    input: { method: 'GET', route: '/health' },
  },
  'create-cycle': {
    description: 'POST /cycles by a Jiangsu admin: opens js-2027 (the contract test opens js-2026 first)',
    expectedStatus: 201,
    input: {
      method: 'POST',
      route: '/cycles',
      body: {
        cycleId: 'js-2027',
        programmeId: 'jiangsu-excellent-technicians',
        year: 2027,
        selectionDate: '2027-03-31',
      },
      caller: jiangsuAdmin,
    },
  },
  'create-nomination': {
    description: 'POST /nominations by a Jiangsu admin',
    expectedStatus: 201,
    input: { method: 'POST', route: '/nominations', body: nomination, caller: jiangsuAdmin },
  },
  'create-nomination-bad-resident-id': {
    description: 'POST /nominations with a wrong check digit → 422 X-RESIDENT-ID',
    expectedStatus: 422,
    input: {
      method: 'POST',
      route: '/nominations',
      body: { ...nomination, nominee: { ...nomination.nominee, residentId: '110105198504020137' } },
      caller: jiangsuAdmin,
    },
  },
  'list-nominations': {
    description: 'GET /nominations?cycleId=js-2026',
    expectedStatus: 200,
    input: { method: 'GET', route: '/nominations', query: { cycleId: 'js-2026' }, caller: jiangsuAdmin },
  },
  'get-nomination-unknown': {
    description: 'GET /nominations/{id} of an id that does not exist → 404',
    expectedStatus: 404,
    input: {
      method: 'GET',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: '01JAAAAAAAAAAAAAAAAAAAAAAA' },
      caller: jiangsuAdmin,
    },
  },
  'list-programmes': {
    description: 'GET /programmes by a Lishui unit user',
    expectedStatus: 200,
    input: {
      method: 'GET',
      route: '/programmes',
      caller: { agency: 'lishui', roles: ['unit'], unit: 'school-01' },
    },
  },
};

for (const [name, s] of Object.entries(samples)) {
  const event = apiEvent(s.input);
  // Fixed ids and times keep the committed files stable.
  const stable = {
    ...event,
    requestContext: {
      ...event.requestContext,
      requestId: `sample-${name}`,
      time: '2026-11-01T00:00:00.000Z',
      timeEpoch: 1793491200000,
    },
  };
  writeFileSync(
    join(import.meta.dirname, 'api', `${name}.json`),
    `${JSON.stringify({ description: s.description, expectedStatus: s.expectedStatus, event: stable }, null, 2)}\n`,
  );
}
console.log(`wrote ${Object.keys(samples).length} sample events`);
