/** The transport-free core: parse → schema → model → rules → findings. Hosts call only this. */
export { lintText } from './lint';
export { LineIndex } from './position';
export { RULES } from './rules';
export type { Rule } from './rules';
export { LIMITS, findLimit } from './limits';
export { schema } from './schema';
export { buildConfigSchema, CONFIG_FILE_NAMES, parseConfigText } from './config';
export type { FileConfig, ParsedConfig } from './config';
export { PRODUCT_NAMES } from './products';
export type * from './types';
