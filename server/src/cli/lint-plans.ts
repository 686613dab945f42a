/** Lints the plans a command read; the one place that decides how (in this process, in order). */
import { lintText } from '../core';
import type { PlanInput } from './inputs';
import { makeReport } from './report';
import type { FileReport } from './report';

/** Reports in the order of `plans`, whatever order they are linted in. */
export async function lintPlans(plans: readonly PlanInput[]): Promise<FileReport[]> {
  return plans.map(({ shown, text, config }) => makeReport(shown, text, lintText(text, { config })));
}
