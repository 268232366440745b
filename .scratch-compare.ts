import { execSync } from 'node:child_process';
import { loadProduct } from './model/product/product.js';
import { checkAttackGraph } from './properties/defense-in-depth/attack-check.js';
const files = execSync('find test/fixtures examples products -name sevenfold.json', { encoding: 'utf8' }).trim().split('\n');
const base = { minCompromises: 2, derivedExploitability: true, trustAssetsCritical: true, networkFacingByImageType: true, exceptionsFlashOnly: true, timeoutMs: 20000, progress: () => {} };
for (const f of files) {
  const l = loadProduct(f);
  if (l.hasErrors || !l.product) continue;
  try {
    const a = await checkAttackGraph(l.product, { ...base, layerEscalation: false });
    const b = await checkAttackGraph(l.product, { ...base, layerEscalation: true });
    const w = (x: any) => (x.status === 'decided' ? x.weak.map((g: any) => `${g.goal.id}:${g.cost}`).join(',') : 'unknown');
    if (w(a) !== w(b)) console.log(f, '\n  before', w(a), '\n  after ', w(b));
  } catch (e) { console.log(f, 'ERR', String(e).slice(0, 100)); }
}
process.exit(0);
