import { it } from 'vitest';
import { engineRun, exampleWorkspace, simulation } from './helpers.js';
it('probe', async () => {
  const w = await exampleWorkspace({ set: 'services' });
  const sim = simulation({ asyncDelayMs: 5 });
  await engineRun(w.dir, sim);
  const r = await engineRun(w.dir, sim, { dryRun: true });
  for (const c of r.plan.changes.filter((c) => c.action !== "noop")) console.log(c.address, JSON.stringify((c as any).diff ?? (c as any).changes));
});
