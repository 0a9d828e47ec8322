/**
 * Semantic comparison of IAM policy documents (trust, identity and resource policies, VPC Lattice auth
 * policies). Pure: no AWS SDK, no I/O.
 *
 * Two documents are equal when they grant the same thing as IAM reads them, whatever their spelling:
 * - JSON formatting: whitespace and key order;
 * - a document as a string, plain JSON or URL-encoded JSON (IAM's GetRole / GetRolePolicy / ListRoles
 *   return policy documents URL-encoded per RFC 3986, and the JS SDK v3 does not decode them:
 *   aws/aws-sdk-js-v3#1945; docs/aws-behaviour.md §4);
 * - `Statement` as one object or a list, and statement order (IAM evaluates every statement);
 * - a single value or a one-element list, value order and repeats in `Action`, `Resource`,
 *   `Principal.*` and condition values (each is a set);
 * - action names and condition key names in any letter case (IAM JSON policy reference: both are
 *   case-insensitive; `Resource` ARNs and condition values are not, and stay as written);
 * - an account ID and its root ARN in `Principal.AWS` (`123456789012` ≡ `arn:aws:iam::123456789012:root`:
 *   IAM stores the first as the second), and `"Principal": "*"` ≡ `{ "AWS": "*" }`;
 * - condition values as strings, numbers or booleans (`true` ≡ `"true"`: IAM compares them as strings);
 * - a missing `Version` and `2008-10-17` (IAM's default).
 * `Sid`s are kept: they do not change what a statement grants, but they are part of the desired document.
 */

export interface PolicyCompareOptions {
  /**
   * The partition for the root ARN an account ID stands for (`arn:<partition>:iam::<id>:root`).
   * Default `aws`.
   */
  readonly partition?: string;
}

/** A policy document in canonical form: compare two with `JSON.stringify`, or use {@link policiesEqual}. */
export interface NormalizedPolicy {
  readonly Version: string;
  readonly Id?: string;
  readonly Statement: readonly NormalizedStatement[];
}

export interface NormalizedStatement {
  readonly [element: string]: unknown;
}

export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError';
}

/** Parses a policy document given as text: JSON, or URL-encoded JSON as IAM returns it. */
export function parsePolicyText(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch (plainError) {
    if (!trimmed.includes('%')) throw new PolicyParseError(`not a JSON policy document: ${(plainError as Error).message}`);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(trimmed);
  } catch {
    throw new PolicyParseError('not a JSON policy document, nor URL-encoded JSON');
  }
  try {
    return JSON.parse(decoded);
  } catch (error) {
    throw new PolicyParseError(`not a JSON policy document after URL decoding: ${(error as Error).message}`);
  }
}

const SET_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;
const CASE_INSENSITIVE_ELEMENTS = new Set(['Action', 'NotAction']);

/**
 * The canonical form of a policy document (an object, or its text).
 * @throws PolicyParseError when `document` is text that is not JSON (plain or URL-encoded) or not an object with statements
 */
export function normalizePolicy(document: unknown, options: PolicyCompareOptions = {}): NormalizedPolicy {
  const parsed = typeof document === 'string' ? parsePolicyText(document) : document;
  if (!isRecord(parsed)) throw new PolicyParseError('a policy document must be a JSON object');
  const statements = parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const normalized = statements.map((statement) => {
    if (!isRecord(statement)) throw new PolicyParseError('a policy statement must be a JSON object');
    return normalizeStatement(statement, options.partition ?? 'aws');
  });
  const unique = new Map(normalized.map((statement) => [canonicalJson(statement), statement]));
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, statement]) => statement);
  const version = typeof parsed.Version === 'string' ? parsed.Version : '2008-10-17';
  return {
    Version: version,
    ...(parsed.Id === undefined ? {} : { Id: String(parsed.Id as string) }),
    Statement: sorted,
  };
}

/** Whether two policy documents (objects or text) are the same policy; false when either cannot be parsed. */
export function policiesEqual(a: unknown, b: unknown, options: PolicyCompareOptions = {}): boolean {
  let left: string;
  let right: string;
  try {
    left = canonicalJson(normalizePolicy(a, options));
    right = canonicalJson(normalizePolicy(b, options));
  } catch (error) {
    if (error instanceof PolicyParseError) return false;
    throw error;
  }
  return left === right;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function normalizeStatement(statement: Record<string, unknown>, partition: string): NormalizedStatement {
  const result: Record<string, unknown> = {};
  for (const [element, value] of Object.entries(statement)) {
    if ((SET_ELEMENTS as readonly string[]).includes(element)) {
      result[element] = stringSet(value, CASE_INSENSITIVE_ELEMENTS.has(element) ? (text) => text.toLowerCase() : (text) => text);
    } else if (element === 'Principal' || element === 'NotPrincipal') {
      result[element] = normalizePrincipal(value, partition);
    } else if (element === 'Condition') {
      result[element] = normalizeCondition(value);
    } else {
      result[element] = value;
    }
  }
  return result;
}

function normalizePrincipal(value: unknown, partition: string): unknown {
  const principals = value === '*' ? { AWS: '*' } : value;
  if (!isRecord(principals)) return value;
  const result: Record<string, string[]> = {};
  for (const [type, names] of Object.entries(principals)) {
    result[type] = stringSet(names, type === 'AWS' ? (name) => (/^[0-9]{12}$/.test(name) ? `arn:${partition}:iam::${name}:root` : name) : (name) => name);
  }
  return result;
}

function normalizeCondition(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const result: Record<string, Record<string, string[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isRecord(keys)) return value;
    const normalized: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const lower = key.toLowerCase();
      normalized[lower] = [...new Set([...(normalized[lower] ?? []), ...stringSet(values, (text) => text)])].sort();
    }
    result[operator] = normalized;
  }
  return result;
}

/** A value or list of values as a sorted list of unique strings. */
function stringSet(value: unknown, map: (text: string) => string): string[] {
  const values = Array.isArray(value) ? value : [value];
  return [...new Set(values.map((item) => map(typeof item === 'string' ? item : JSON.stringify(item))))].sort();
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
