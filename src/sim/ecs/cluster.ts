/**
 * ECS clusters: CreateCluster, DescribeClusters, ListClusters, DeleteCluster.
 *
 * References (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/):
 * - API_CreateCluster.html: `clusterName` defaults to `default`; tags ≤50. Creating a cluster whose name an
 *   ACTIVE cluster has returns that cluster (docs/aws-behaviour.md 1a: third-party evidence, nandemo-ya/kecs#79).
 * - API_DescribeClusters.html: `clusters` ≤100 names or ARNs (default `default`), `include: ["TAGS"]`;
 *   an unknown cluster is a `failures[]` entry with reason `MISSING`, not an error.
 * - API_ListClusters.html: `maxResults` 1–100 (default 100), `nextToken`.
 * - API_DeleteCluster.html: `ClusterContainsServicesException` while the cluster has ACTIVE or DRAINING
 *   services; the deleted cluster answers with status INACTIVE (and stays describable as INACTIVE).
 */
import type {
  Cluster,
  CreateClusterCommandInput,
  CreateClusterCommandOutput,
  DeleteClusterCommandInput,
  DeleteClusterCommandOutput,
  DescribeClustersCommandInput,
  DescribeClustersCommandOutput,
  ListClustersCommandInput,
  ListClustersCommandOutput,
} from '@aws-sdk/client-ecs';
import { defineHandler, type HandlerContext, type SimModule, type TaggedResource } from '../module.js';
import { pageAfter } from '../paging.js';
import type { ResourceRecord } from '../state.js';
import { ecsArn, ecsPageSize, ecsTagList, invalidToken, mergeEcsTags, nameOf } from './common.js';

/** Keyed by cluster name. */
export interface ClusterRecord extends ResourceRecord {
  arn: string;
  status: 'ACTIVE' | 'INACTIVE';
}

/** A service blocks deleting its cluster while ACTIVE or DRAINING (declared by `service.ts`). */
export const CLUSTER_KIND = 'ecs:cluster';

export function clusters(ctx: HandlerContext): Record<string, ClusterRecord> {
  return ctx.collection<ClusterRecord>('ecs', 'clusters');
}

/** The ACTIVE, visible cluster named by `nameOrArn` (default `default`), else `ClusterNotFoundException`. */
export function requireCluster(ctx: HandlerContext, nameOrArn: string | undefined): ClusterRecord {
  const record = clusters(ctx)[nameOf(nameOrArn ?? 'default')];
  if (!record || !ctx.isVisible(record) || record.status !== 'ACTIVE') throw ctx.error('ClusterNotFoundException', 'Cluster not found.');
  return record;
}

function toCluster(ctx: HandlerContext, record: ClusterRecord, withTags: boolean, counts = serviceCounts(ctx, record)): Cluster {
  return {
    clusterArn: record.arn,
    clusterName: record.id,
    status: record.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: counts.running,
    pendingTasksCount: 0,
    activeServicesCount: counts.active,
    statistics: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    ...(withTags ? { tags: ecsTagList(record.tags) } : {}),
  };
}

function serviceCounts(ctx: HandlerContext, record: ClusterRecord): { active: number; running: number } {
  const ids = ctx.dependentsOf(CLUSTER_KIND, record.id);
  return { active: ids.length, running: 0 };
}

export const clusterModule: SimModule = {
  name: 'ecs/cluster',
  taggedResources: (ctx): TaggedResource[] =>
    Object.values(clusters(ctx))
      .filter((r) => r.status === 'ACTIVE' && Object.keys(r.tags).length > 0)
      .map((r) => ({ arn: r.arn, resourceType: 'ecs:cluster', tags: r.tags, createdAt: r.createdAt })),
  handlers: {
    'ECS:CreateCluster': defineHandler<CreateClusterCommandInput, CreateClusterCommandOutput>((ctx, input) => {
      const name = input.clusterName ?? 'default';
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
        throw ctx.error('InvalidParameterException', 'Cluster name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.');
      }
      const all = clusters(ctx);
      const existing = all[name];
      if (existing && existing.status === 'ACTIVE') return { cluster: toCluster(ctx, existing, false) };
      const record: ClusterRecord = {
        id: name,
        createdAt: ctx.now,
        tags: mergeEcsTags(ctx, {}, input.tags),
        arn: ecsArn(ctx, `cluster/${name}`),
        status: 'ACTIVE',
      };
      all[name] = record;
      return { cluster: toCluster(ctx, record, false, { active: 0, running: 0 }) };
    }),

    'ECS:DescribeClusters': defineHandler<DescribeClustersCommandInput, DescribeClustersCommandOutput>((ctx, input) => {
      const names = input.clusters ?? ['default'];
      if (names.length > 100) throw ctx.error('InvalidParameterException', 'Clusters cannot have more than 100 elements');
      const withTags = (input.include ?? []).includes('TAGS');
      const found: Cluster[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const nameOrArn of names) {
        const record = clusters(ctx)[nameOf(nameOrArn)];
        if (record && ctx.isVisible(record)) found.push(toCluster(ctx, record, withTags));
        else failures.push({ arn: nameOrArn.startsWith('arn:') ? nameOrArn : ecsArn(ctx, `cluster/${nameOrArn}`), reason: 'MISSING' });
      }
      return { clusters: found, failures };
    }),

    'ECS:ListClusters': defineHandler<ListClustersCommandInput, ListClustersCommandOutput>((ctx, input) => {
      const size = ecsPageSize(ctx, input.maxResults, 100);
      const active = Object.values(clusters(ctx)).filter((r) => r.status === 'ACTIVE' && ctx.isVisible(r));
      const { page, next } = pageAfter(active, (r) => r.arn, input.nextToken, size, invalidToken(ctx));
      return { clusterArns: page.map((r) => r.arn), nextToken: next };
    }),

    'ECS:DeleteCluster': defineHandler<DeleteClusterCommandInput, DeleteClusterCommandOutput>((ctx, input) => {
      if (!input.cluster) throw ctx.error('InvalidParameterException', 'Cluster must be specified.');
      const record = requireCluster(ctx, input.cluster);
      if (ctx.dependentsOf(CLUSTER_KIND, record.id).length > 0) {
        throw ctx.error('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
      }
      record.status = 'INACTIVE';
      return { cluster: toCluster(ctx, record, false, { active: 0, running: 0 }) };
    }),
  },
};
