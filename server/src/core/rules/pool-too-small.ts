import { round } from '../estimate';
import { sizing, sizingConstant } from '../sizing';
import { defineRule } from './define-rule';

function gb(n: number): string {
  return n >= 1024 ? `${round(n / 1024)} TB (${round(n)} GB)` : `${round(n)} GB`;
}

export default defineRule({
  meta: {
    id: 'pool-too-small',
    description: 'A DPM/MABS storage pool should hold the allocations its workloads need, and at least 1.5 times the protected data.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [],
    sources: [...sizingConstant('pool-rule-of-thumb-min').sources, ...sizingConstant('mbs-overhead').sources],
    docs:
      'The pool needed is the sum of the replica and recovery point volumes of the server\'s workloads with disk goals, by the DPM default allocation (DPM 2012 SP1/R2, MABS v1, or any server not on Modern Backup Storage) or the Modern Backup Storage formula (DPM 2016+, MABS v2+ on Windows Server 2016+); `bplan estimate` shows the working. A pool smaller than that is an error. A pool that holds the allocations but is under the rule of thumb of 1.5 times the protected data (2–3 times recommended) is a warning. The capacity is the sum of `storagePool.disks[].sizeGB`; a server that lists no disks is not checked.',
  },
  check(ctx) {
    for (const server of ctx.estimates.servers) {
      const pool = server.storagePool;
      if (!pool || pool.capacityGB === null) continue;
      const model = ctx.serversByName.get(server.name);
      const span = model?.storagePoolKeySpan ?? server.span;
      const path = `${server.path}.storagePool`;
      const required = pool.requiredGB.value;
      if (required !== null && pool.capacityGB < required) {
        ctx.report({
          span,
          path,
          message: `the storage pool of server "${server.name}" (${server.label}) holds ${gb(pool.capacityGB)}, but its workloads need ${gb(required)} (${pool.requiredGB.formula}): add ${gb(required - pool.capacityGB)} of disk, or shorten the disk retention`,
        });
        continue;
      }
      const min = pool.ruleOfThumbMinGB.value;
      if (min !== null && pool.capacityGB < min) {
        ctx.report({
          span,
          path,
          severity: 'warning',
          message: `the storage pool of server "${server.name}" (${server.label}) holds ${gb(pool.capacityGB)}, under the rule of thumb of ${sizing('pool-rule-of-thumb-min')} × the ${gb(pool.protectedGB ?? 0)} protected (${gb(min)}; 2–3 × recommended): plan for growth, or check the estimate with bplan estimate`,
        });
      }
    }
  },
});
