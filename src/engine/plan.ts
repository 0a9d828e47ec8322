/**
 * Pure planning: desired resources + observed resources → ordered changes. No I/O.
 */
import { reconcilerFor, type FieldChange, type Reconciler } from '../core/reconciler.js';
import { diffResource, isKnownAfterApply, KNOWN_AFTER_APPLY } from '../core/diff.js';
import {
  GLOBAL_REGION,
  isRef,
  scopeKey,
  TAG_DELETION_POLICY,
  TAG_SUPERSEDED,
  type DesiredResource,
  type ObservedResource,
  type Scope,
} from '../core/types.js';

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'noop';

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly scope: Scope;
  readonly action: Action;
  /** Field-level changes; values not known before apply are {@link KNOWN_AFTER_APPLY}. */
  readonly diff: readonly FieldChange[];
  /** The desired resource as expanded, references unresolved (apply resolves them late). */
  readonly desired?: DesiredResource;
  readonly observed?: ObservedResource;
  /** Why this change happens when the manifest did not ask for it directly. */
  readonly reason?: string;
  /** `metadata.mode: observe`: reported as drift, never applied. */
  readonly observeOnly?: boolean;
  /** A delete of a resource created with `deletionPolicy: Retain`: only its ownership tags go. */
  readonly retain?: boolean;
  /** Not applied: it depends on an address in conflict. */
  readonly blockedBy?: string;
  /** A delete of a superseded resource or an old version past `versioned.keep`: never held back by the prune guards. */
  readonly superseded?: boolean;
}

/** Several live resources claim one address: none of them is modified or deleted. */
export interface Conflict {
  readonly address: string;
  readonly type: string;
  readonly scope: Scope;
  readonly ids: readonly string[];
}

/** Deletions the prune guards withheld. */
export interface Refusal {
  readonly message: string;
  readonly withheld: readonly PlannedChange[];
  /** Nothing at all is applied (withheld replacements: their dependents were planned around them). */
  readonly stopsApply?: boolean;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly noop: number;
}

export interface Plan {
  readonly runId: string;
  readonly owner: string;
  /** Creates, updates, replaces and no-ops in dependency order, then deletes. */
  readonly changes: readonly PlannedChange[];
  readonly conflicts: readonly Conflict[];
  readonly refusals: readonly Refusal[];
  /** Owned resources without a `trellis:address` tag: reported, never touched. */
  readonly unaddressed: readonly ObservedResource[];
  readonly summary: PlanSummary;
}

export interface PlanOptions {
  readonly runId: string;
  readonly owner: string;
  /** Delete owned resources that are no longer desired. Default true. */
  readonly prune?: boolean;
  /** `limits.maxDeletions`: more deletions than this are refused without `allowDeletions`. */
  readonly maxDeletions: number;
  /** `--allow-deletions N`: permits up to N deletions, even ones that empty a scope. */
  readonly allowDeletions?: number;
  readonly registry: readonly Reconciler[];
}

export function plan(desired: readonly DesiredResource[], observed: readonly ObservedResource[], options: PlanOptions): Plan {
  const reconciler = (type: string) => reconcilerFor(type, options.registry);
  // Matched by (scope, address): the same address in another account or region is another resource
  // (a manifest moved there plans a create here and a delete there). Superseded resources (the old
  // half of a create-before-delete replacement, old versions) never match: they are deleted below.
  const isSuperseded = (resource: ObservedResource) => resource.superseded === true || resource.tags[TAG_SUPERSEDED] !== undefined;
  const live = groupByPlace(observed.filter((resource) => resource.address !== undefined && !isSuperseded(resource)));
  const changes: PlannedChange[] = [];
  const conflicts: Conflict[] = [];
  /** Outputs each address will have when its dependents run; undefined: known after apply. */
  const outputs = new Map<string, Readonly<Record<string, unknown>> | undefined>();
  const replaced = new Set<string>();
  const blocked = new Map<string, string>();

  for (const resource of topologicalOrder(desired)) {
    const matches = live.get(placeOf(resource.scope, resource.address)) ?? [];
    const blocker = upstreamAddresses(resource).map((address) => blocked.get(address)).find(Boolean);
    if (matches.length > 1 || blocker) {
      if (matches.length > 1) conflicts.push(conflictOf(resource.address, matches));
      blocked.set(resource.address, blocker ?? resource.address);
      if (blocker) changes.push({ ...base(resource), action: 'noop', diff: [], blockedBy: blocker });
      continue;
    }
    const resolved = { ...resource, spec: resolveRefs(resource.spec, outputs) as Record<string, unknown> };
    const current = matches[0];
    const observeOnly = resource.mode === 'observe' ? { observeOnly: true } : {};
    if (!current) {
      changes.push({ ...base(resource), action: 'create', diff: creationDiff(resolved), ...observeOnly });
      outputs.set(resource.address, undefined);
      continue;
    }
    const diff = diffResource(reconciler(resource.type), resolved, current);
    const needsReplace = diff.some((change) => change.replace);
    const action: Action = needsReplace ? 'replace' : diff.length > 0 ? 'update' : 'noop';
    const cause = needsReplace ? replacementCause(resource, diff, replaced) : undefined;
    changes.push({
      ...base(resource),
      action,
      diff,
      observed: current,
      ...(cause ? { reason: `replaced because ${cause} is replaced` } : {}),
      ...observeOnly,
    });
    if (needsReplace && !observeOnly.observeOnly) replaced.add(resource.address);
    outputs.set(resource.address, needsReplace && !observeOnly.observeOnly ? undefined : current.outputs);
  }

  const desiredPlaces = new Set(desired.map((resource) => placeOf(resource.scope, resource.address)));
  // A manifest in observe mode changes nothing, not even by pruning what it no longer declares.
  const observedManifests = new Set(desired.filter((resource) => resource.mode === 'observe').map((resource) => manifestOf(resource.address)));
  const deletes: PlannedChange[] = [];
  const unaddressed = observed.filter((resource) => resource.address === undefined);
  for (const [place, matches] of live) {
    if (desiredPlaces.has(place)) continue;
    const [current] = matches as [ObservedResource, ...ObservedResource[]];
    const address = current.address as string;
    if (matches.length > 1) {
      conflicts.push(conflictOf(address, matches));
    } else {
      deletes.push({
        address,
        type: current.type,
        scope: current.scope,
        action: 'delete',
        diff: [],
        observed: current,
        ...(current.tags[TAG_DELETION_POLICY] === 'Retain' ? { retain: true } : {}),
        ...(observedManifests.has(manifestOf(address)) ? { observeOnly: true } : {}),
      });
    }
  }

  const supersededDeletes = plannedSupersededDeletes(
    observed.filter((resource) => resource.address !== undefined && isSuperseded(resource)),
    changes,
    reconciler,
  );
  const { allowed, refusals } = guardDeletions(
    deletes.filter((change) => !change.observeOnly),
    changes.filter((change) => change.action === 'replace' && !change.observeOnly),
    desired,
    options,
  );
  const reportedOnly = options.prune === false ? [] : deletes.filter((change) => change.observeOnly);
  const ordered = [...changes, ...orderDeletes([...allowed, ...reportedOnly, ...supersededDeletes], options.registry)];
  return {
    runId: options.runId,
    owner: options.owner,
    changes: ordered,
    conflicts,
    refusals,
    unaddressed,
    summary: summarize(ordered),
  };
}

/**
 * Deletes of superseded resources: every one of a create-before-delete type (a run killed between
 * the create and the delete left it), and, for a versioned type, the old versions past the newest
 * `keep` — counting the current version when this plan replaces it. Guard-free: the replacement that
 * superseded them passed the guards when it was planned.
 */
function plannedSupersededDeletes(
  superseded: readonly ObservedResource[],
  changes: readonly PlannedChange[],
  reconciler: (type: string) => Reconciler,
): PlannedChange[] {
  const replacing = new Set(changes.filter((change) => change.action === 'replace' && !change.observeOnly).map((change) => placeOf(change.scope, change.address)));
  const observeOnly = new Set(changes.filter((change) => change.observeOnly).map((change) => placeOf(change.scope, change.address)));
  const byPlace = groupByPlace(superseded);
  const keepOf = new Map(
    changes.flatMap((change) => (change.desired?.keepVersions !== undefined ? [[placeOf(change.scope, change.address), change.desired.keepVersions] as const] : [])),
  );
  return [...byPlace].flatMap(([place, resources]) => {
    if (observeOnly.has(place)) return [];
    const versioned = reconciler(resources[0]!.type).versioned;
    const keep = versioned && (keepOf.get(place) ?? versioned.keep);
    const doomed =
      keep === undefined
        ? resources
        : [...resources].sort((a, b) => (b.version ?? 0) - (a.version ?? 0)).slice(Math.max(0, keep - (replacing.has(place) ? 1 : 0)));
    return doomed.map(
      (resource): PlannedChange => ({
        address: resource.address as string,
        type: resource.type,
        scope: resource.scope,
        action: 'delete',
        diff: [],
        observed: resource,
        reason: keep === undefined ? 'superseded by its replacement' : `an old version past the newest ${keep} kept`,
        superseded: true,
      }),
    );
  });
}

function base(resource: DesiredResource) {
  return { address: resource.address, type: resource.type, scope: resource.scope, desired: resource };
}

function conflictOf(address: string, matches: readonly ObservedResource[]): Conflict {
  const [first] = matches as [ObservedResource];
  return { address, type: first.type, scope: first.scope, ids: matches.map((match) => match.id) };
}

/** `network/core` of `network/core/subnet/private-a`: the manifest that declared an address. */
function manifestOf(address: string): string {
  return address.split('/').slice(0, 2).join('/');
}

/** Where a resource lives: its scope and address. */
function placeOf(scope: Scope, address: string | undefined): string {
  return `${scopeKey(scope)} ${address ?? ''}`;
}

function groupByPlace(observed: readonly ObservedResource[]): Map<string, ObservedResource[]> {
  const groups = new Map<string, ObservedResource[]>();
  for (const resource of observed) {
    const place = placeOf(resource.scope, resource.address);
    groups.set(place, [...(groups.get(place) ?? []), resource]);
  }
  return groups;
}

/** Every field of a resource to be created, as a change from nothing. */
function creationDiff(resource: DesiredResource): FieldChange[] {
  const fields = Object.entries(resource.spec).map(([path, to]) => ({ path, from: undefined, to, replace: false }));
  const tags = Object.entries(resource.tags).map(([key, to]) => ({ path: `tags.${key}`, from: undefined, to, replace: false }));
  return [...fields, ...tags];
}

/** Replaces every reference with the referenced output, or {@link KNOWN_AFTER_APPLY} when not known yet. */
export function resolveRefs(
  value: unknown,
  outputs: ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>,
): unknown {
  if (isRef(value)) {
    const { address, field } = value.$ref;
    const known = outputs.get(address);
    return known && known[field] !== undefined ? known[field] : KNOWN_AFTER_APPLY;
  }
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, outputs));
  if (typeof value === 'object' && value !== null && !isKnownAfterApply(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveRefs(item, outputs)]));
  }
  return value;
}

/** {@link upstreamAddresses} by resource: a desired resource is never changed once expanded. */
const upstreamMemo = new WeakMap<DesiredResource, readonly string[]>();

/**
 * What a desired resource waits for: the resources its fields refer to and its explicit `dependsOn`.
 * Computed once per resource (plan's blocking and ordering and apply's step graph all ask); shared:
 * never mutate the answer.
 */
export function upstreamAddresses(resource: DesiredResource): readonly string[] {
  let addresses = upstreamMemo.get(resource);
  if (!addresses) {
    addresses = [...new Set([...referencedAddresses(resource.spec), ...(resource.dependsOn ?? [])])];
    upstreamMemo.set(resource, addresses);
  }
  return addresses;
}

export function referencedAddresses(value: unknown): string[] {
  if (isRef(value)) return [value.$ref.address];
  if (Array.isArray(value)) return value.flatMap(referencedAddresses);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(referencedAddresses);
  return [];
}

/** The replaced upstream that forces this replacement, when a replace field refers to one. */
function replacementCause(resource: DesiredResource, diff: readonly FieldChange[], replaced: ReadonlySet<string>): string | undefined {
  for (const change of diff) {
    if (!change.replace || !isKnownAfterApply(change.to)) continue;
    const upstream = referencedAddresses(resource.spec[change.path]).find((address) => replaced.has(address));
    if (upstream) return upstream;
  }
  return undefined;
}

/** Kahn's algorithm over references, stable in input order. Cycles are a validation error upstream. */
export function topologicalOrder(resources: readonly DesiredResource[]): DesiredResource[] {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: DesiredResource[] = [];
  const visit = (resource: DesiredResource) => {
    if (done.has(resource.address)) return;
    if (visiting.has(resource.address)) throw new Error(`dependency cycle through ${resource.address}`);
    visiting.add(resource.address);
    for (const address of upstreamAddresses(resource)) {
      const upstream = byAddress.get(address);
      if (upstream) visit(upstream);
    }
    visiting.delete(resource.address);
    done.add(resource.address);
    order.push(resource);
  };
  resources.forEach(visit);
  return order;
}

/**
 * Prune guards (README.md, "How a run stays safe"): deletions that would empty a scope (a broken checkout must not delete an
 * account), or more deletions than `maxDeletions`, are withheld unless `--allow-deletions N` covers them.
 */
function guardDeletions(
  deletes: readonly PlannedChange[],
  replacements: readonly PlannedChange[],
  desired: readonly DesiredResource[],
  options: PlanOptions,
): { allowed: PlannedChange[]; refusals: Refusal[] } {
  const pruned = options.prune === false ? [] : deletes;
  // A replacement deletes too: a mistyped CIDR must not take a whole network down unasked.
  const total = pruned.length + replacements.length;
  if (total === 0 || total <= (options.allowDeletions ?? -1)) return { allowed: [...pruned], refusals: [] };

  const desiredScopes = new Set(desired.map((resource) => scopeKey(resource.scope)));
  const desiredAccounts = new Set(desired.map((resource) => resource.scope.account));
  const refusals: Refusal[] = [];
  const emptied = new Map<string, PlannedChange[]>();
  const rest: PlannedChange[] = [];
  for (const change of pruned) {
    const key = scopeKey(change.scope);
    // A global scope (IAM roles) belongs to its account: it is emptied only with the whole account.
    if (desiredScopes.has(key) || (change.scope.region === GLOBAL_REGION && desiredAccounts.has(change.scope.account))) {
      rest.push(change);
    } else {
      emptied.set(key, [...(emptied.get(key) ?? []), change]);
    }
  }
  for (const [key, withheld] of emptied) {
    refusals.push({
      message:
        `refusing to delete ${withheld.length} owned resource(s) in ${key}: no manifest desires anything there ` +
        `(a broken checkout must not delete an account). Pass --allow-deletions ${total} if this is intended.`,
      withheld,
    });
  }
  if (rest.length + replacements.length > options.maxDeletions) {
    const replaced = replacements.length > 0 ? ` (${replacements.length} of them replaced)` : '';
    refusals.push({
      message:
        `refusing to delete ${rest.length + replacements.length} resources${replaced}: more than limits.maxDeletions (${options.maxDeletions}). ` +
        `Pass --allow-deletions ${total} if this is intended.`,
      withheld: [...rest, ...replacements],
      // A replacement cannot be held back alone: its dependents were planned around it.
      ...(replacements.length > 0 ? { stopsApply: true } : {}),
    });
    return { allowed: [], refusals };
  }
  return { allowed: rest, refusals };
}

/** Deletes in reverse type dependency order (subnets before VPCs), for a readable plan. */
function orderDeletes(deletes: readonly PlannedChange[], registry: readonly Reconciler[]): PlannedChange[] {
  const depth = (type: string, seen: ReadonlySet<string> = new Set()): number => {
    if (seen.has(type)) return 0;
    // A type it may depend on that this registry leaves out (a test's partial registry) orders nothing.
    const dependsOn = registry.find((reconciler) => reconciler.type === type)?.dependsOn ?? [];
    return dependsOn.length === 0 ? 0 : 1 + Math.max(...dependsOn.map((upstream) => depth(upstream, new Set([...seen, type]))));
  };
  return [...deletes].sort((a, b) => depth(b.type) - depth(a.type) || a.address.localeCompare(b.address));
}

function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((change) => change.action !== 'noop');
}
