/**
 * Type-level tests of the typed resource types: each `// @ts-expect-error` line must fail to compile,
 * so `npx tsc --noEmit` (whose `include` covers the tests, checked below) fails if the compiler
 * stops rejecting it. The runtime assertions pin what the helpers build.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ResourceInput } from '../model/kinds/build.js';
import { SUBNET, type SubnetOutputs, type SubnetSpec } from '../reconcilers/ec2/subnet/type.js';
import { VPC, type VpcOutputs, type VpcSpec } from '../reconcilers/ec2/vpc/type.js';
import { defineReconciler, defineResourceType, desiredOf, observed, outputOf, type DesiredSpec, type TypedReconciler } from './resource-type.js';
import { ref, type DesiredResource, type Ref } from './types.js';

interface WidgetSpec {
  readonly size: number;
  readonly parentId: string;
  readonly labels: readonly string[];
}
interface WidgetOutputs {
  readonly id: string;
  readonly arn?: string;
  readonly count: number;
}
const WIDGET = defineResourceType<WidgetSpec, WidgetOutputs>('test:widget');

const scope = { account: '111111111111', region: 'us-east-1' };
const base = {
  address: 'test/widget/a',
  scope,
  tags: {},
  source: { file: 'test.json', pointer: '' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
} satisfies Omit<DesiredResource, 'type' | 'spec'>;

describe('outputOf', () => {
  it('is a reference of the output field’s type', () => {
    expect(outputOf(VPC, 'network/core/vpc', 'id')).toEqual({ $ref: { address: 'network/core/vpc', field: 'id' } });
    expectTypeOf(outputOf(VPC, 'network/core/vpc', 'id')).toEqualTypeOf<Ref<string>>();
    expectTypeOf(outputOf(WIDGET, 'test/widget/a', 'count')).toEqualTypeOf<Ref<number>>();
    // An optional output refers to its present type: a reference never resolves to undefined.
    expectTypeOf(outputOf(SUBNET, 'network/core/subnet/a', 'arn')).toEqualTypeOf<Ref<string>>();
  });

  it('rejects a field the type does not output', () => {
    // @ts-expect-error — `ec2:vpc` outputs id, cidrBlock and ownerId, not arn.
    outputOf(VPC, 'network/core/vpc', 'arn');
    // @ts-expect-error — a spec field is not an output.
    outputOf(SUBNET, 'network/core/subnet/a', 'cidrBlock');
    // @ts-expect-error — misspelled.
    outputOf(WIDGET, 'test/widget/a', 'ID');
  });
});

describe('desiredOf', () => {
  it('builds the erased desired resource with the type’s name', () => {
    const desired = desiredOf(WIDGET, { ...base, spec: { size: 2, parentId: outputOf(VPC, 'network/core/vpc', 'id'), labels: ['a'] } });
    expect(desired.type).toBe('test:widget');
    expect(desired.spec).toEqual({ size: 2, parentId: { $ref: { address: 'network/core/vpc', field: 'id' } }, labels: ['a'] });
  });

  it('accepts references wherever a value of their type is, also inside lists', () => {
    const spec: DesiredSpec<WidgetSpec> = {
      size: outputOf(WIDGET, 'test/widget/b', 'count'),
      parentId: 'p-1',
      labels: [outputOf(SUBNET, 'network/core/subnet/a', 'id'), 'literal'],
    };
    expect(spec.labels).toHaveLength(2);
  });

  it('rejects a spec field of the wrong type, a missing or unknown field, and a reference of the wrong type', () => {
    // @ts-expect-error — size is a number.
    desiredOf(WIDGET, { ...base, spec: { size: '2', parentId: 'p-1', labels: [] } });
    // @ts-expect-error — labels is a list of strings.
    desiredOf(WIDGET, { ...base, spec: { size: 2, parentId: 'p-1', labels: [1] } });
    // @ts-expect-error — parentId is missing.
    desiredOf(WIDGET, { ...base, spec: { size: 2, labels: [] } });
    // @ts-expect-error — colour is not a field of the spec.
    desiredOf(WIDGET, { ...base, spec: { size: 2, parentId: 'p-1', labels: [], colour: 'red' } });
    // @ts-expect-error — a reference to a number output where a string is wanted.
    desiredOf(WIDGET, { ...base, spec: { size: 2, parentId: outputOf(WIDGET, 'test/widget/b', 'count'), labels: [] } });
    // @ts-expect-error — an untyped `ref` (Ref<unknown>) is not a reference to a string.
    desiredOf(VPC, { ...base, spec: { cidrBlock: ref('x', 'y'), enableDnsSupport: true, enableDnsHostnames: true } });
    // @ts-expect-error — a VPC's DNS attributes are booleans.
    desiredOf(VPC, { ...base, spec: { cidrBlock: '10.0.0.0/16', enableDnsSupport: 'yes', enableDnsHostnames: true } });
  });

  it('is what a Network expansion must go through: a bare type string no longer compiles', () => {
    const input: ResourceInput<VpcSpec, VpcOutputs> = {
      address: 'network/core/vpc',
      type: VPC,
      spec: { cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: true },
      name: 'core',
      source: '/spec',
    };
    // @ts-expect-error — the type is its constant, not its string.
    const untyped: ResourceInput<VpcSpec, VpcOutputs> = { ...input, type: 'ec2:vpc' };
    // @ts-expect-error — a subnet's spec is not a VPC's.
    const mismatched: ResourceInput<SubnetSpec, SubnetOutputs> = { ...input, type: SUBNET };
    expect([untyped.type, mismatched.type]).toEqual(['ec2:vpc', SUBNET]);
  });
});

describe('defineReconciler', () => {
  const widgetReconciler = (create: TypedReconciler<WidgetSpec, WidgetOutputs>['create']) =>
    defineReconciler({
      type: WIDGET,
      idempotency: 'token',
      dependsOn: [],
      replaceFields: [],
      observe: async () => [],
      findByAddress: async () => [],
      create,
      update: async (_ctx, desired) => {
        expectTypeOf(desired.spec.size).toEqualTypeOf<number>();
      },
      delete: async (_ctx, live) => {
        expectTypeOf(live.outputs.count).toEqualTypeOf<number>();
      },
      release: async () => {},
    });

  it('erases the type to its name for the registry', () => {
    expect(widgetReconciler(async () => ({ id: 'w-1', outputs: { id: 'w-1', count: 1 } })).type).toBe('test:widget');
  });

  it('rejects outputs that lack a field or have one of the wrong type', () => {
    // @ts-expect-error — count is missing from the outputs.
    widgetReconciler(async () => ({ id: 'w-1', outputs: { id: 'w-1' } }));
    // @ts-expect-error — count is a number.
    widgetReconciler(async () => ({ id: 'w-1', outputs: { id: 'w-1', count: '1' } }));
  });

  it('types observe builders by the resource type', () => {
    const live = observed(WIDGET, { scope, id: 'w-1', address: undefined, tags: {}, spec: { size: 1 }, outputs: { id: 'w-1', count: 0 }, references: [] });
    expect(live.type).toBe('test:widget');
    // @ts-expect-error — observed spec fields keep their types.
    observed(WIDGET, { scope, id: 'w-1', address: undefined, tags: {}, spec: { size: 'one' }, outputs: { id: 'w-1', count: 0 }, references: [] });
  });
});

describe('the type-level tests run', () => {
  it('under `tsc --noEmit`: tsconfig includes src and excludes no test', () => {
    const tsconfig = JSON.parse(readFileSync(new URL('../../tsconfig.json', import.meta.url), 'utf8')) as { include?: string[]; exclude?: string[] };
    expect(tsconfig.include).toContain('src');
    expect((tsconfig.exclude ?? []).filter((pattern) => pattern.includes('test'))).toEqual([]);
  });
});
