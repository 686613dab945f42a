import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { isMap, isPair, isScalar, Scalar } from 'yaml';
import type { Document } from 'yaml';
import planSchema from '../../../schemas/bplan.schema.json';
import { fixOf, quotedAs } from './fixes';
import { closest } from './text';
import { deref, nodeAtPath, spanOfNode } from './parse';
import type { RawFinding } from './parse';
import { precompiled } from './schema-validators';
import { SECRET_KEY } from './secrets';
import type { Fix, Span } from './types';

/**
 * Keywords editors read (VS Code's JSON service, yaml-language-server) and bplan's own: `x-expected`
 * (how a valid value reads in messages), `x-rule` and `x-limits` (the rule and limits that apply to a
 * key, from which `npm run generate` writes the key's markdownDescription).
 */
export const EDITOR_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'x-expected',
  'x-rule',
  'x-limits',
] as const;

export const schema = planSchema as unknown as Record<string, unknown>;

let compiled: ValidateFunction | undefined;
let planAjv: Ajv | undefined;

/**
 * An ajv instance set up as bplan's schemas need: every error, editor keywords allowed. With
 * `source`, it keeps the code it generates, for `standaloneValidators`.
 */
export function newAjv(options: { source?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true, // errors carry their parentSchema, for x-expected and "did you mean"
    strictSchema: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    logger: false,
    ...(options.source ? { code: { source: true } } : {}),
  });
  ajv.addVocabulary([...EDITOR_KEYWORDS]);
  return ajv;
}

/** The top-level lists whose items are validated alone after an edit inside them (see incremental.ts). */
const ITEM_LISTS = ['servers', 'workloads', 'policies'] as const;

/** The schema `items` of a top-level list names, as an ajv reference. */
function itemRef(list: string): string {
  const ref = ((schema.properties as Record<string, { items?: { $ref?: string } }>)[list]?.items?.$ref ?? '').replace(/^#/, '');
  return `${String(schema.$id)}#${ref}`;
}

/**
 * The plan schema's validators as JavaScript source (ajv's standalone code): the bundles ship them
 * compiled ahead of time (scripts/build.mjs), which saves compiling the schema at every start.
 */
export function standaloneValidators(): string {
  const ajv = newAjv({ source: true });
  ajv.addSchema(schema);
  const refs: Record<string, string> = { plan: String(schema.$id) };
  for (const list of ITEM_LISTS) refs[list] = itemRef(list);
  return standaloneCode(ajv, refs);
}

function validator(): ValidateFunction {
  if (!compiled) {
    if (precompiled) return (compiled = precompiled.plan);
    planAjv = newAjv();
    compiled = planAjv.compile(schema);
  }
  return compiled;
}

const itemValidators = new Map<string, ValidateFunction>();

/** The validator of one item of a top-level list (`servers`, `workloads`, `policies`): the schema its `items` names. */
function itemValidator(list: string): ValidateFunction {
  let found = itemValidators.get(list);
  if (!found) {
    const given = precompiled?.[list as (typeof ITEM_LISTS)[number]];
    if (!given) validator();
    found = given ?? planAjv?.getSchema(itemRef(list));
    if (!found) throw new Error(`no schema for the items of ${list}`);
    itemValidators.set(list, found);
  }
  return found;
}

/**
 * The schema findings of some items of a top-level list only, worded against the whole document:
 * the same findings `checkSchema` makes for those items (the plan schema checks each item on its
 * own), for an edit that changed only them.
 */
export function checkListItems(doc: Document.Parsed, data: unknown, textLength: number, list: string, indices: readonly number[]): RawFinding[] {
  const items = (data as Record<string, unknown> | undefined)?.[list];
  return validateWith(
    () => {
      const validate = itemValidator(list);
      const errors: ErrorObject[] = [];
      for (const index of indices) {
        if (validate(Array.isArray(items) ? items[index] : undefined)) continue;
        for (const error of validate.errors ?? []) errors.push({ ...error, instancePath: `/${list}/${index}${error.instancePath}` });
      }
      return errors;
    },
    doc,
    data,
    textLength,
    'schema',
  );
}


function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `servers[mabs01].storagePool.disks[0].sizeGB`: names where items have them, indices otherwise. */
export function semanticPath(data: unknown, segments: readonly (string | number)[]): string {
  let out = '';
  let current: unknown = data;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      const item = Array.isArray(current) ? current[segment] : undefined;
      const name = item && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
      out += `[${typeof name === 'string' || typeof name === 'number' ? name : segment}]`;
      current = item;
    } else {
      out += out ? `.${segment}` : segment;
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

function quote(value: unknown, secret: boolean): string {
  if (secret) return 'the value';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return `"${shown}"`;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value;
}

function expectedType(type: unknown): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'a mapping (key: value pairs)',
    array: 'a list',
    null: 'empty',
  };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? String(t)).join(' or ');
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let current = data;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[s];
  }
  return current;
}

function describe(path: string): string {
  return path || 'the plan';
}

/** The span to report on for an instance path: the value, or for a mapping its key. */
function spansFor(doc: Document.Parsed, segments: readonly (string | number)[], textLength: number) {
  const { node, pair } = nodeAtPath(doc, segments);
  const valueSpan = node !== undefined ? spanOfNode(node, textLength) : undefined;
  const keySpan = pair ? spanOfNode(pair.key, textLength) : undefined;
  return { node, pair, valueSpan, keySpan };
}

/**
 * A fix that writes `value` over a plain or quoted scalar in its own quoting; undefined for any other
 * node (a block scalar, a mapping), where one replacement is not a clean edit.
 */
function replaceScalarFix(node: unknown, textLength: number, title: string, value: string): Fix | undefined {
  if (!isScalar(node) || ![Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE].includes(node.type as string)) return undefined;
  const quote = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : undefined;
  return fixOf(title, { span: spanOfNode(node, textLength), newText: quotedAs(value, quote) });
}

/** Where to report a problem with a whole mapping (a missing key): its key, else its first key. */
function objectAnchor(doc: Document.Parsed, segments: readonly (string | number)[], textLength: number): Span {
  const { node, keySpan } = spansFor(doc, segments, textLength);
  if (keySpan) return keySpan;
  const map = deref(doc, node);
  if (isMap(map)) {
    const first = map.items.find((item) => isPair(item));
    if (first && isPair(first)) return spanOfNode(first.key, textLength);
    return spanOfNode(map, textLength);
  }
  if (node !== undefined) return spanOfNode(node, textLength);
  return { start: 0, end: Math.min(textLength, 1) };
}

function keyNames(schemaNode: Record<string, unknown> | undefined): string[] {
  const props = schemaNode?.properties;
  return props && typeof props === 'object' ? Object.keys(props as object) : [];
}

/**
 * Validates plain plan data against the JSON Schema and words every error in product terms, on the
 * exact key or value at fault. Never throws.
 */
export function checkSchema(doc: Document.Parsed, data: unknown, textLength: number): RawFinding[] {
  return validateDocument(validator, doc, data, textLength, 'schema');
}

/** Validates a parsed YAML document with a compiled schema, as product-worded findings of `ruleId`. */
export function validateDocument(
  getValidator: () => ValidateFunction,
  doc: Document.Parsed,
  data: unknown,
  textLength: number,
  ruleId: string,
): RawFinding[] {
  return validateWith(
    () => {
      const validate = getValidator();
      return validate(data) ? [] : (validate.errors ?? []);
    },
    doc,
    data,
    textLength,
    ruleId,
  );
}

/** The errors `validate` returns, as product-worded findings of `ruleId`. */
function validateWith(validate: () => ErrorObject[], doc: Document.Parsed, data: unknown, textLength: number, ruleId: string): RawFinding[] {
  let errors: ErrorObject[];
  try {
    errors = validate();
    if (!errors.length) return [];
  } catch (error) {
    return [
      {
        ruleId,
        message: `the file could not be checked against its schema (${String((error as Error)?.message ?? error)})`,
        span: { start: 0, end: Math.min(textLength, 1) },
        path: '',
      },
    ];
  }

  // anyOf/oneOf: one message from the schema's `x-expected`, not one per branch: the alternative's
  // error stands for every other error at or under its instance path.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const covered = (e: ErrorObject) =>
    alternatives.some((a) => a !== e && (e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`)));

  const findings: RawFinding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || covered(error)) continue;
    const segments = pointerSegments(error.instancePath);
    const path = semanticPath(data, segments);
    const lastKey = [...segments].reverse().find((s) => typeof s === 'string') as string | undefined;
    const secret = segments.some((s) => typeof s === 'string' && SECRET_KEY.test(s));
    const parentSchema = error.parentSchema as Record<string, unknown> | undefined;
    const expected = typeof parentSchema?.['x-expected'] === 'string' ? (parentSchema['x-expected'] as string) : undefined;
    const value = valueAt(data, segments);
    const { node, valueSpan, keySpan } = spansFor(doc, segments, textLength);
    let span: Span = valueSpan ?? keySpan ?? objectAnchor(doc, segments, textLength);
    let message: string;
    let findingPath = path;
    let fix: Fix | undefined;

    switch (error.keyword) {
      case 'required': {
        const missing = String((error.params as { missingProperty: string }).missingProperty);
        message = `${describe(path)} is missing the required key "${missing}"`;
        span = objectAnchor(doc, segments, textLength);
        findingPath = path ? `${path}.${missing}` : missing;
        break;
      }
      case 'additionalProperties': {
        const extra = String((error.params as { additionalProperty: string }).additionalProperty);
        const allowed = keyNames(parentSchema);
        const suggestion = closest(extra, allowed);
        const { keySpan: extraKey, pair: extraPair } = spansFor(doc, [...segments, extra], textLength);
        span = extraKey ?? span;
        // Renaming to a key the mapping already has would only trade this finding for a duplicate key.
        const present = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, suggestion ?? '');
        if (suggestion && !present) fix = replaceScalarFix(extraPair?.key, textLength, `Rename key "${extra}" to "${suggestion}"`, suggestion);
        findingPath = path ? `${path}.${extra}` : extra;
        const listed = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, … (${allowed.length} in all)` : allowed.join(', ');
        message = `unknown key "${extra}" in ${describe(path)}${suggestion ? `; did you mean "${suggestion}"?` : `; expected one of: ${listed}`}`;
        // A JSON Schema reference (`$ref`, `$schema`, `$id`…) would have bplan fetch or include something: it never does.
        if (/^\$(ref|schema|id|dynamicRef|recursiveRef|include|import)$/i.test(extra)) {
          fix = undefined;
          message = `"${extra}" is not part of a plan: bplan never follows references or fetches anything over the network (its schema and the product limits ship with it); write the values in the plan itself`;
        }
        break;
      }
      case 'enum': {
        const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter(
          (v, i, all) => all.findIndex((w) => String(w) === String(v)) === i,
        );
        const suggestion = typeof value === 'string' ? closest(value, allowed.map(String)) : undefined;
        message = `${quote(value, secret)} is not a valid ${lastKey ?? 'value'} for ${describe(path.replace(/\.[^.[]+$/, ''))}; expected ${
          expected ?? `one of: ${allowed.map(String).join(', ')}`
        }${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
        if (suggestion && !secret) fix = replaceScalarFix(node, textLength, `Change ${quote(value, false)} to "${suggestion}"`, suggestion);
        break;
      }
      case 'const':
      case 'anyOf':
      case 'oneOf':
      case 'pattern':
        message = `${quote(value, secret)} is not valid for ${describe(path)}; expected ${expected ?? 'a different value'}`;
        break;
      case 'type': {
        const found = value !== null && typeof value !== 'object' && value !== undefined && !secret ? quote(value, secret) : typeName(value);
        message = `${describe(path)} must be ${expectedType((error.params as { type: unknown }).type)}, not ${found}`;
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const { comparison, limit } = error.params as { comparison: string; limit: number };
        const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
        message = `${describe(path)} is ${quote(value, secret)}; it must be ${words[comparison] ?? comparison} ${limit}`;
        break;
      }
      case 'minLength':
        message = `${describe(path)} must not be empty`;
        break;
      case 'maxLength':
        message = `${describe(path)} is too long: at most ${(error.params as { limit: number }).limit} characters`;
        break;
      case 'minItems':
        message = `${describe(path)} needs at least ${(error.params as { limit: number }).limit} item(s)`;
        break;
      case 'uniqueItems': {
        const { i, j } = error.params as { i: number; j: number };
        const items = Array.isArray(value) ? value : [];
        const dup = spansFor(doc, [...segments, Math.max(i, j)], textLength).valueSpan;
        span = dup ?? span;
        message = `${describe(path)} lists ${quote(items[Math.max(i, j)], secret)} twice`;
        break;
      }
      case 'minProperties':
      case 'maxProperties':
        message = `${describe(path)} must be ${expected ?? 'a reference with exactly one of env or file'}`;
        break;
      default:
        message = `${describe(path)}: ${error.message ?? 'is not valid'}`;
    }
    const key = `${span.start}:${span.end}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ruleId, message, span, path: findingPath, ...(fix ? { fixes: [fix] } : {}) });
  }
  return findings;
}
