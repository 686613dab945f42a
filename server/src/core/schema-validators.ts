import type { ValidateFunction } from 'ajv';

/**
 * The plan schema's validators compiled ahead of time. The bundles replace this module with ajv's
 * standalone code for them (scripts/build.mjs, from `standaloneValidators` in schema.ts), so a run
 * does not compile the schema first; the unbundled build (tests) compiles at first use instead.
 */
export const precompiled: Readonly<Record<'plan' | 'servers' | 'workloads' | 'policies', ValidateFunction>> | undefined = undefined;
