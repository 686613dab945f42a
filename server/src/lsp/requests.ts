/** bplan's own requests, beyond LSP: the estimate report page and a new plan's text. */
import { formatEstimateHtml } from '../cli/format/estimate-html';
import type { FileEstimate } from '../cli/format/estimate-common';
import { estimatePlan } from '../core/estimate';
import { scaffoldPlan } from '../core/scaffold';
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
  /** The plan's name (vault and passphrase variable are derived from it). */
  readonly name?: string;
}

export interface ScaffoldResult {
  readonly text: string;
}

/** The name a plan's page shows: the last segment of its URI (`contoso.bplan.yaml`, `Untitled-1`). */
function fileNameOf(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * The page of `bplan estimate --format html` for one open plan; null for a document that is not a
 * plan. Built from the plan's analysis, so it follows the editor's text and configuration.
 */
export function estimateReport(doc: PlanDocument): EstimateReportResult | null {
  if (!doc) return null;
  const fileName = fileNameOf(doc.uri);
  const planName = doc.plan.name && !doc.touchesSecret(doc.plan.name.span) ? String(doc.plan.name.value) : undefined;
  const file = planName ? `${fileName} (${planName})` : fileName;
  const result = doc.analysis.result;
  const yamlErrors = result.findings.filter((f) => f.ruleId === 'yaml-syntax').length;
  const estimate = result.estimates ?? estimatePlan(doc.analysis.plan);
  const report: FileEstimate =
    yamlErrors > 0
      ? { file, estimate, note: `the plan has ${yamlErrors === 1 ? 'a YAML error' : `${yamlErrors} YAML errors`}; the Problems panel shows ${yamlErrors === 1 ? 'it' : 'them'}` }
      : { file, estimate };
  return { title: `Estimate: ${planName ?? fileName}`, html: formatEstimateHtml([report]) };
}

/** A new plan's text (see core/scaffold.ts); throws a ScaffoldError, saying what the product supports, for choices it cannot honour. */
export function scaffoldPlanText(params: ScaffoldParams): ScaffoldResult {
  return { text: scaffoldPlan(params) };
}
