import { limit } from '../limits';
import type { Server, Workload } from '../model';
import type { Limit, RelatedLocation, Span } from '../types';
import { workloadRefs } from '../usage';
import type { WorkloadRef } from '../usage';
import { defineRule } from './define-rule';

const MABS_SERVERS = limit('vault-mabs-servers-max');
const DATASOURCES = limit('vault-datasources-max');
const AZURE_VMS = limit('vault-azure-vms-max');

/**
 * Whether a workload's data reaches the vault: always for the MARS agent and Azure VM backup; for
 * DPM and MABS unless the policy it follows is known and has no online goals (disk or tape only).
 */
function reachesVault({ product, policy }: WorkloadRef): boolean {
  if (product !== 'dpm' && product !== 'mabs') return true;
  return !policy || policy.online !== undefined;
}

/** How many items count, and the first and the first past the limit: all a finding needs, without a list of them. */
interface Tally<T> {
  readonly n: number;
  readonly first?: T;
  readonly past?: T;
}

function tally<T>(items: readonly T[], counts: (item: T) => boolean, max: number): Tally<T> {
  let n = 0;
  let first: T | undefined;
  let past: T | undefined;
  for (const item of items) {
    if (!counts(item)) continue;
    if (n === 0) first = item;
    if (n === max) past = item;
    n++;
  }
  return { n, first, past };
}

function ofWorkloads({ n, first, past }: Tally<WorkloadRef>): Tally<Workload> {
  return { n, first: first?.workload, past: past?.workload };
}

interface Count<T> {
  readonly limit: Limit;
  readonly items: Tally<T>;
  /** What is counted, in product terms, plural: "MABS servers". */
  readonly what: string;
  /** How the counted items relate to the vault: " backed up to it". */
  readonly how: string;
  /** Where the first item past the limit is reported, and its path. */
  readonly at: (item: T) => { span: Span; path: string; name: string };
  readonly advice: (name: string) => string;
}

export default defineRule({
  meta: {
    id: 'vault-capacity',
    description: 'One vault should hold at most 50 MABS servers, 2000 data sources and 1000 Azure VMs.',
    defaultSeverity: 'error',
    category: 'limits',
    limits: [MABS_SERVERS.id, DATASOURCES.id, AZURE_VMS.id],
    docs:
      'A plan describes one Recovery Services vault, so every server and workload in it counts against that vault: servers with product `mabs` against the 50 MABS servers a vault can register; workloads whose data reaches the vault against the 2,000 data sources across all workloads (Azure VMs, MARS and DPM/MABS data sources alike; a DPM/MABS workload whose policy has no `online` goals stays on disk or tape and is not counted); workloads of type `azure-vm` against the 1,000 Azure VMs. The finding is on the first item past the limit. These are the numbers of the 2023 support matrix (A1). The 2016 FAQ (A4) gave lower ones: "you can register up to 50 machines per vault" of any kind and "For Azure IaaS virtual machines, limit is 200 VMs per vault". bplan applies A1. Split the servers or workloads over a second vault (a second plan).',
  },
  check(ctx) {
    const vault = ctx.plan.vault;
    const vaultLabel = vault?.name ? `vault "${vault.name.value}"` : 'the vault';
    const related: RelatedLocation[] | undefined = vault?.name ? [{ span: vault.name.span, message: `the plan's ${vaultLabel}` }] : undefined;
    const refs = workloadRefs(ctx);
    const workloadAt = (w: Workload) => ({ span: w.name?.span ?? w.span, path: `${w.path}.name`, name: `workload "${w.name?.value ?? w.index}"` });

    const counts: (Count<Server> | Count<Workload>)[] = [
      {
        limit: MABS_SERVERS,
        items: tally(ctx.plan.servers, (s) => s.product?.value === 'mabs', MABS_SERVERS.value),
        what: 'MABS servers',
        how: ' registered',
        at: (s: Server) => ({ span: s.product?.span ?? s.span, path: `${s.path}.product`, name: `server "${s.name?.value ?? s.index}"` }),
        advice: (name) => `register ${name} and the MABS servers after it with a second vault`,
      },
      {
        limit: DATASOURCES,
        items: ofWorkloads(tally(refs, reachesVault, DATASOURCES.value)),
        what: 'data sources',
        how: ' backed up to it',
        at: workloadAt,
        advice: (name) => `back up ${name} and the workloads after it to a second vault`,
      },
      {
        limit: AZURE_VMS,
        items: ofWorkloads(tally(refs, (r) => r.type === 'azure-vm', AZURE_VMS.value)),
        what: 'Azure VMs',
        how: ' backed up to it',
        at: workloadAt,
        advice: (name) => `protect ${name} and the Azure VMs after it in a second vault`,
      },
    ];

    for (const count of counts as Count<Server | Workload>[]) {
      const n = count.items.n;
      if (n === 0) continue;
      const max = count.limit;
      if (n <= max.value) {
        const first = count.at(count.items.first!);
        ctx.measure({ limit: max, value: n, span: vault?.keySpan ?? first.span, path: 'vault', what: `${count.what} in ${vaultLabel}` });
        continue;
      }
      const past = count.at(count.items.past!);
      ctx.report({
        span: past.span,
        path: past.path,
        message: `${vaultLabel} has ${n} ${count.what}${count.how}; a vault holds at most ${max.value} ${max.unit} (${max.appliesTo}), and ${past.name} is number ${max.value + 1}: ${count.advice(past.name)}`,
        related,
      });
    }
  },
});
