import { findProgramme, type Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import type { ProgrammeStore } from '@talent/programmes';
import { describe, expect, it } from 'vitest';
import { toProgrammeListItem, toProgrammeView } from '../src/programme-view';
import * as useCases from '../src/use-cases/programmes';

// Unit: the programme use cases and views, with a store in memory (no AWS).

const jiangsu = findProgramme('jiangsu-excellent-technicians')!;
const auth: AuthContext = { agencyId: 'jiangsu' as AgencyId, userId: 'js-admin', roles: ['admin'] };

const storeOf = (programmes: readonly Programme[]) => {
  const registered: { agency: string; input: unknown; change: unknown }[] = [];
  const runs = (agency: AgencyId, id: string) =>
    programmes.find((p) => p.id === id && p.agencyIds.includes(agency));
  const store: ProgrammeStore = {
    latest: async (agency, id) => runs(agency, id),
    version: async (agency, id, v) => (runs(agency, id)?.version === v ? runs(agency, id) : undefined),
    list: async (agency) => programmes.filter((p) => p.agencyIds.includes(agency)),
    versions: async (agency, id) => {
      const p = runs(agency, id);
      return p
        ? [{ programmeId: id, version: p.version, effectiveFrom: p.effectiveFrom, builtIn: true }]
        : [];
    },
    register: async (agency, input, change) => {
      registered.push({ agency, input, change });
      return jiangsu;
    },
  };
  return { store, registered };
};

const deps = (programmes: readonly Programme[] = [jiangsu]) => {
  const { store, registered } = storeOf(programmes);
  return { deps: { programmes: store, now: () => '2026-03-01T08:00:00.000Z' }, registered };
};

describe('programme use cases', () => {
  it('answers a programme the agency does not run as not found, never forbidden (X-TENANT)', async () => {
    const { deps: d } = deps();
    const lishui = { ...auth, agencyId: 'lishui' as AgencyId };
    await expect(useCases.getProgramme(d, lishui, jiangsu.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(useCases.programmeVersions(d, lishui, jiangsu.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(useCases.programmeVersion(d, auth, jiangsu.id, 2)).rejects.toBeInstanceOf(NotFoundError);
    expect(await useCases.listProgrammes(d, lishui)).toEqual([]);
    expect(await useCases.getProgramme(d, auth, jiangsu.id)).toBe(jiangsu);
  });

  it('registers for the agency of the token, with who and when for the audit record (X-AUDIT)', async () => {
    const { deps: d, registered } = deps();
    await useCases.registerProgramme(d, auth, { id: 'x' }, 'req-9');
    expect(registered).toEqual([
      {
        agency: 'jiangsu',
        input: { id: 'x' },
        change: {
          actor: { userId: 'js-admin', roles: ['admin'] },
          at: '2026-03-01T08:00:00.000Z',
          requestId: 'req-9',
        },
      },
    ]);
  });
});

describe('programme views', () => {
  it('shows every rule with its id, and the list leaves out only the params', () => {
    const view = toProgrammeView(jiangsu);
    expect(view.builtIn).toBe(true);
    expect(view.rules.map((r) => r.id)).toEqual(jiangsu.rules.map((r) => r.id));
    expect(view.rules.every((r) => typeof r.relaxable === 'boolean' && r.params !== undefined)).toBe(true);
    const item = toProgrammeListItem(jiangsu);
    expect(item.rules.map((r) => r.id)).toEqual(view.rules.map((r) => r.id));
    expect(item.rules.some((r) => 'params' in r)).toBe(false);
    expect({ ...item, rules: [] }).toEqual({ ...view, rules: [] });
  });

  it('marks a registered copy of a built-in as not built-in', () => {
    expect(toProgrammeView({ ...jiangsu } as Programme).builtIn).toBe(false);
  });
});
