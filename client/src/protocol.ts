/** bplan's custom requests and commands, as the client calls them (the types are the server's). */
import { RequestType } from 'vscode-languageclient/node';
import type { EstimateReportParams, EstimateReportResult, ScaffoldParams, ScaffoldResult } from '../../server/src/lsp/requests';

export const EstimateReportRequest = new RequestType<EstimateReportParams, EstimateReportResult | null, void>('bplan/estimateReport');
export const ScaffoldRequest = new RequestType<ScaffoldParams, ScaffoldResult, void>('bplan/scaffold');

export const COMMANDS = {
  newPlan: 'bplan.newPlan',
  showEstimateReport: 'bplan.showEstimateReport',
  restartServer: 'bplan.restartServer',
  showOutput: 'bplan.showOutput',
} as const;
