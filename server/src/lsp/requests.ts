/** bplan's own requests, beyond LSP: the estimate report page and a new plan's text. */
import type { PlanDocument } from '../language/document';

export interface EstimateReportParams {
  readonly uri: string;
}

export interface EstimateReportResult {
  readonly title: string;
  /** A self-contained HTML page (no scripts, no remote resources). */
  readonly html: string;
}

export interface ScaffoldParams {
  /** Product of the backup server: mars, dpm, mabs or azure-vm-backup. */
  readonly product: string;
  /** Product version where it has one (`2016`, `v3`). */
  readonly version?: string;
  /** Workload types to protect: files, sql-server, hyperv-vm, … */
  readonly workloads: readonly string[];
}

export interface ScaffoldResult {
  readonly text: string;
}

export function estimateReport(_doc: PlanDocument): EstimateReportResult | null {
  return null;
}

export function scaffoldPlanText(_params: ScaffoldParams): ScaffoldResult {
  return { text: '' };
}
