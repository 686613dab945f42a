import type { ValidateFunction } from 'ajv';
import { parsePlanText } from './parse';
import type { RawFinding } from './parse';
import { RULES } from './rules';
import { newAjv, validateDocument } from './schema';
import type { Level, LintConfig, RuleConfig, Span } from './types';

/** The names a configuration file may have; the CLI and the language server look for them upward from a plan. */
export const CONFIG_FILE_NAMES = ['bplan.config.yaml', 'bplan.config.yml'] as const;

const LEVELS: readonly Level[] = ['off', 'info', 'warning', 'error'];

/** The configuration file's JSON Schema, built from the rule table (one entry per rule, with its options). */
export function buildConfigSchema(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const rule of RULES) {
    const options: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(rule.meta.options ?? {})) {
      options[name] = {
        description: `${option.description} Default: ${JSON.stringify(option.default)}.`,
        type: option.type,
        ...(option.enum ? { enum: [...option.enum] } : {}),
        default: option.default,
      };
    }
    const level = {
      description: `Level of ${rule.meta.id} (default ${rule.meta.defaultSeverity}).`,
      type: 'string',
      enum: [...LEVELS],
      'x-expected': 'off, info, warning or error',
    };
    rules[rule.meta.id] = {
      description: `${rule.meta.description} Default level: ${rule.meta.defaultSeverity}.`,
      markdownDescription: `${rule.meta.description}\n\nDefault level: \`${rule.meta.defaultSeverity}\`. [Documentation](${rule.meta.docsUrl})`,
      default: rule.meta.defaultSeverity,
      anyOf: [
        level,
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            level,
            ...(Object.keys(options).length
              ? { options: { description: `Options of ${rule.meta.id}.`, type: 'object', additionalProperties: false, properties: options } }
              : {}),
          },
        },
      ],
      'x-expected': Object.keys(options).length
        ? `a level (off, info, warning, error) or { level, options } with options ${Object.keys(options).join(', ')}`
        : 'a level: off, info, warning or error',
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/bplan-dev/bplan/blob/main/schemas/bplan.config.schema.json',
    title: 'bplan configuration (bplan.config.yaml)',
    description: 'Per-rule levels and options, and which files a directory means. Found upward from each plan, or named with --config.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        description: 'Level (off, info, warning, error) or { level, options } per rule id.',
        type: 'object',
        additionalProperties: false,
        properties: rules,
      },
      files: {
        description: 'Glob patterns, relative to the configuration file, of the plans a directory operand means (default: **/*.bplan.yaml and **/*.bplan.yml).',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      ignore: {
        description: 'Glob patterns, relative to the configuration file, of files never linted when a directory is expanded.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
    },
  };
}

let compiled: ValidateFunction | undefined;
function configValidator(): ValidateFunction {
  compiled ??= newAjv().compile(buildConfigSchema());
  return compiled;
}

export interface FileConfig extends LintConfig {
  readonly files?: readonly string[];
  readonly ignore?: readonly string[];
}

export interface ParsedConfig {
  readonly config: FileConfig;
  /** Problems with the file: a configuration with problems must not be used. */
  readonly problems: readonly { readonly message: string; readonly span: Span }[];
}

/** Parses and validates the text of a bplan.config.yaml. Pure; never throws. */
export function parseConfigText(text: string): ParsedConfig {
  const parsed = parsePlanText(text);
  const problems: RawFinding[] = [...parsed.findings];
  if (!problems.length && parsed.doc && parsed.data !== null && parsed.data !== undefined) {
    problems.push(...validateDocument(configValidator, parsed.doc, parsed.data, text.length, 'config'));
  }
  if (problems.length || !parsed.data || typeof parsed.data !== 'object') {
    return { config: {}, problems: problems.map(({ message, span }) => ({ message: message.replace(/\bthe plan\b/g, 'the configuration'), span })) };
  }
  const data = parsed.data as { rules?: Record<string, Level | RuleConfig>; files?: string[]; ignore?: string[] };
  return { config: { rules: data.rules, files: data.files, ignore: data.ignore }, problems: [] };
}
