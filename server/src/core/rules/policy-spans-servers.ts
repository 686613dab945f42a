import type { Server } from '../model';
import { PRODUCT_NAMES } from '../products';
import { usesOf } from '../usage';
import type { PolicyUse } from '../usage';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'policy-spans-servers',
    description: 'A policy should be followed by workloads of one DPM or MABS server only, as a protection group belongs to one server.',
    defaultSeverity: 'warning',
    category: 'structure',
    limits: [],
    sources: [
      { ref: 'docs/format.md', quote: "Protection policies (a DPM protection group's goals): disk, online (vault) and tape schedules and retention." },
      { ref: 'S9', quote: 'it can create a maximum of 8 scheduled recovery points for each protection group each day.' },
    ],
    docs:
      'In DPM and MABS, a protection group, whose goals a policy models, is defined on one server: its members, disk allocation, schedules and limits (such as the 8 scheduled recovery points a day for each protection group, S9) belong to that server. A policy followed by workloads of two or more DPM or MABS servers describes several protection groups as one, and the per-protection-group checks then mix servers. Copy the policy once per server (for example `sql-15min-hq` and `sql-15min-lyon`). MARS and Azure VM backup workloads are not counted: a MARS schedule is set on each machine, and an Azure VM backup policy lives in the vault and is meant to be shared by many VMs.',
  },
  check(ctx) {
    for (const policy of ctx.plan.policies) {
      // The first DPM/MABS workload on each server, servers in the order of their first workload.
      // Servers are found by name, so each is one object; most policies have one, and need no map.
      let first: PolicyUse | undefined;
      let firstOnServer: Map<Server, PolicyUse> | undefined;
      for (const u of usesOf(ctx, policy)) {
        if (u.product !== 'dpm' && u.product !== 'mabs') continue;
        if (!first) {
          first = u;
        } else if (u.server !== first.server) {
          firstOnServer ??= new Map([[first.server, first]]);
          if (!firstOnServer.has(u.server)) firstOnServer.set(u.server, u);
        }
      }
      if (!first || !firstOnServer) continue;
      const byServer = [...firstOnServer.values()];
      const label = (server: Server) => `server "${server.name?.value ?? server.index}"`;
      for (const other of byServer.slice(1)) {
        const workloadServer = other.workload.server!;
        ctx.report({
          span: workloadServer.span,
          path: `${other.workload.path}.server`,
          message: `policy "${policy.name?.value}" is followed by workloads on ${label(first.server)} and on ${label(other.server)}; a ${PRODUCT_NAMES[other.product].short} protection group, whose goals a policy describes, belongs to one server: copy the policy for ${label(other.server)} and make its workloads follow the copy`,
          related: [{ span: first.workload.server!.span, message: `workload "${first.workload.name?.value ?? first.workload.index}" follows the policy on ${label(first.server)}` }],
        });
      }
    }
  },
});
