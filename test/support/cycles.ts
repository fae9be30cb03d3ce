/** A cycle of the Jiangsu programme for tests and the benchmark (POST /cycles body). */
export const jiangsuCycle = (cycleId: string, overrides: Record<string, unknown> = {}) => ({
  cycleId,
  programmeId: 'jiangsu-excellent-technicians',
  year: 2026,
  selectionDate: '2026-03-31',
  ...overrides,
});

/**
 * Returns `ensure(cycleId)`, which opens a Jiangsu cycle once (through `open`, any transport) and
 * remembers it, so tests that make up cycle ids create each cycle before nominating into it.
 */
export const cycleOpener = (open: (body: ReturnType<typeof jiangsuCycle>) => Promise<{ status: number }>) => {
  const opened = new Map<string, Promise<void>>();
  return (cycleId: string): Promise<void> => {
    let pending = opened.get(cycleId);
    if (!pending) {
      pending = open(jiangsuCycle(cycleId)).then((r) => {
        if (r.status !== 201 && r.status !== 409) throw new Error(`opening cycle ${cycleId}: ${r.status}`);
      });
      opened.set(cycleId, pending);
    }
    return pending;
  };
};
