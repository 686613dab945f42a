/**
 * The JSON Schema at a path of the plan: the one schema in schemas/ serves hovers and completion
 * as it serves ajv. Follows $ref, allOf, anyOf and the if/then branches whose condition the
 * document's data meets (the `version` enum of a `product: mabs` server, for example).
 */
import { schema as planSchema } from '../core/schema';
import type { PathSegment } from './locate';

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly enum?: readonly unknown[];
  readonly enumDescriptions?: readonly string[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly allOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
  readonly else?: JsonSchema;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly 'x-rule'?: string;
  readonly 'x-limits'?: readonly string[];
  readonly 'x-expected'?: string;
  readonly [key: string]: unknown;
}

const ROOT = planSchema as unknown as JsonSchema;

function resolveRef(ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined; // bplan never follows remote references
  let node: unknown = ROOT;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as JsonSchema | undefined;
}

/** Whether plain data meets the simple conditions bplan's `if` schemas use (const / enum on properties, required). */
function meets(condition: JsonSchema, data: unknown): boolean {
  if (condition.const !== undefined && data !== condition.const) return false;
  if (condition.enum && !condition.enum.includes(data)) return false;
  if (condition.required || condition.properties) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
    const object = data as Record<string, unknown>;
    if (condition.required?.some((k) => !(k in object))) return false;
    for (const [key, sub] of Object.entries(condition.properties ?? {})) if (key in object && !meets(sub, object[key])) return false;
  }
  return true;
}

/**
 * The schema and what it is made of, flattened: $ref resolved, allOf and matching if/then branches
 * merged in, anyOf/oneOf alternatives listed. `data` is the plain value at this place, for if/then.
 */
export function expand(schema: JsonSchema | undefined, data?: unknown, depth = 0): JsonSchema[] {
  if (!schema || depth > 16) return [];
  const out: JsonSchema[] = [schema];
  // Keywords beside a $ref (a description, x-rule) apply too, and come first: they are the more specific.
  if (schema.$ref) out.push(...expand(resolveRef(schema.$ref), data, depth + 1));
  for (const part of schema.allOf ?? []) out.push(...expand(part, data, depth + 1));
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...expand(part, data, depth + 1));
  if (schema.if && schema.then && meets(schema.if, data)) out.push(...expand(schema.then, data, depth + 1));
  if (schema.if && schema.else && !meets(schema.if, data)) out.push(...expand(schema.else, data, depth + 1));
  return out;
}

function child(data: unknown, segment: PathSegment): unknown {
  if (data === null || typeof data !== 'object') return undefined;
  return (data as Record<string | number, unknown>)[segment];
}

/**
 * The schemas that apply at a path (several where allOf/anyOf/if-then combine), given the plain
 * data of the whole plan (for if/then conditions; may be undefined while the YAML is broken).
 */
export function schemasAt(path: readonly PathSegment[], rootData?: unknown): JsonSchema[] {
  let current = expand(ROOT, rootData);
  let data = rootData;
  for (const segment of path) {
    const next: JsonSchema[] = [];
    const childData = child(data, segment);
    for (const s of current) {
      if (typeof segment === 'number') {
        if (s.items) next.push(...expand(s.items, childData));
      } else {
        const prop = s.properties?.[segment];
        if (prop) next.push(...expand(prop, childData));
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') next.push(...expand(s.additionalProperties, childData));
      }
    }
    if (!next.length) return [];
    current = next;
    data = childData;
  }
  return current;
}

/** The first description among schemas (markdown preferred). */
export function describe(schemas: readonly JsonSchema[]): string | undefined {
  for (const s of schemas) if (s.markdownDescription) return s.markdownDescription;
  for (const s of schemas) if (s.description) return s.description;
  return undefined;
}

/** Properties allowed at an object place, merged over the schemas, with their schemas. */
export function propertiesOf(schemas: readonly JsonSchema[]): Map<string, JsonSchema> {
  const props = new Map<string, JsonSchema>();
  for (const s of schemas) for (const [k, v] of Object.entries(s.properties ?? {})) if (!props.has(k)) props.set(k, v);
  return props;
}

/** Enum values allowed at a place, each with its description where the schema gives one. */
export function enumValuesOf(schemas: readonly JsonSchema[]): { value: unknown; description?: string }[] {
  // if/then branches narrow an enum (DPM versions): the last schema with an enum is the narrowest.
  const withEnum = schemas.filter((s) => s.enum || s.const !== undefined);
  const chosen = withEnum[withEnum.length - 1];
  if (!chosen) return [];
  if (chosen.const !== undefined) return [{ value: chosen.const }];
  return (chosen.enum ?? []).map((value, i) => ({ value, description: chosen.enumDescriptions?.[i] }));
}

/** The rule and limits a key is tied to (`x-rule`, `x-limits`), over the schemas at its place. */
export function ruleAndLimitsOf(schemas: readonly JsonSchema[]): { rule?: string; limits: string[] } {
  const rule = schemas.find((s) => s['x-rule'])?.['x-rule'];
  const limits = [...new Set(schemas.flatMap((s) => s['x-limits'] ?? []))];
  return { rule, limits };
}
