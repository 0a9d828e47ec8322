/**
 * Security groups, without their rules (the `ec2:security-group-rules` type owns those, so that
 * groups allowing each other have no reference cycle). AWS adds an allow-all egress rule to every new
 * group; the rules reconciler removes it unless the manifest declares it.
 *
 * Idempotency: name-keyed. Group names are unique per VPC, so a create whose response was lost and is
 * replayed (by the SDK or the engine) fails with `InvalidGroup.Duplicate`; the group found by VPC and
 * name is adopted if it carries this owner and this address, and is a terminal conflict otherwise.
 * (EC2 API Reference, CreateSecurityGroup.)
 *
 * Every spec field is a replace field: AWS cannot rename a group or change its description.
 */
import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  EC2Client,
  paginateDescribeSecurityGroups,
  type Filter,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { RetryAfterError, TerminalError } from '../../../core/errors.js';
import { sharedListing, type ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, type Resolved } from '../../../core/resource-type.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { VPC_TYPE } from '../vpc/sdk.js';
import { createSecurityGroupInput, observedSecurityGroup } from './sdk.js';
import { SECURITY_GROUP, type SecurityGroupSpec } from './type.js';

/** DescribeSecurityGroups accepts MaxResults 5–1000 (EC2 API Reference, DescribeSecurityGroups). */
const PAGE_SIZE = 1000;

/** The groups matching `filters` as DescribeSecurityGroups returns them (their IpPermissions included). */
export async function listSecurityGroups(ctx: ReconcilerContext, filters: Filter[]): Promise<SecurityGroup[]> {
  const client = ctx.clients.get(EC2Client);
  return allItems(paginateDescribeSecurityGroups({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.SecurityGroups);
}

/**
 * The scope's owned groups, listed once per observe pass (`sharedListing`): the groups' own observe
 * and their rules' (which need the groups as parents) share one DescribeSecurityGroups.
 */
export function ownedSecurityGroups(ctx: ReconcilerContext): Promise<SecurityGroup[]> {
  return sharedListing(ctx, 'EC2:DescribeSecurityGroups owner', () => listSecurityGroups(ctx, ownerFilters(ctx.owner)));
}

export async function describeSecurityGroups(ctx: ReconcilerContext, filters: Filter[]) {
  return (await listSecurityGroups(ctx, filters)).map((group) => observedSecurityGroup(group, ctx.scope));
}

/** After `InvalidGroup.Duplicate`: the existing group is ours (a replayed create) or a conflict. */
async function adoptDuplicate(ctx: ReconcilerContext, desired: Resolved<SecurityGroupSpec>, cause: unknown) {
  const { spec } = desired;
  const [existing] = await ctx.retry('find duplicate group', () =>
    describeSecurityGroups(ctx, [
      { Name: 'vpc-id', Values: [spec.vpcId] },
      { Name: 'group-name', Values: [spec.groupName] },
    ]),
  );
  // Not visible yet (eventual consistency right after the lost create) or gone again since: retry the
  // create, which either adopts the group once Describe shows it or creates it anew.
  if (!existing) throw new RetryAfterError(`security group ${spec.groupName} exists in ${spec.vpcId} but is not visible yet`, 0);
  if (existing.tags[TAG_OWNER] !== ctx.owner || existing.tags[TAG_ADDRESS] !== desired.address) {
    throw new TerminalError(
      `security group ${spec.groupName} already exists in ${spec.vpcId} as ${existing.id} and is not ${desired.address} of owner ${ctx.owner}` +
        ` (its trellis:owner is ${existing.tags[TAG_OWNER] ?? 'unset'}, trellis:address ${existing.tags[TAG_ADDRESS] ?? 'unset'}); adopt or delete it`,
      { cause },
    );
  }
  return { id: existing.id, outputs: existing.outputs };
}

export const securityGroupReconciler = defineReconciler({
  type: SECURITY_GROUP,
  idempotency: 'name',
  dependsOn: [VPC_TYPE],
  replaceFields: ['vpcId', 'groupName', 'description'],

  observe: async (ctx) => (await ownedSecurityGroups(ctx)).map((group) => observedSecurityGroup(group, ctx.scope)),
  findByAddress: (ctx, address) => describeSecurityGroups(ctx, addressFilters(ctx.owner, address)),

  async create(ctx, desired) {
    const ec2 = ctx.clients.get(EC2Client);
    try {
      const out = await ec2.send(new CreateSecurityGroupCommand(createSecurityGroupInput(desired)));
      if (!out.GroupId) throw new Error('CreateSecurityGroup returned no group ID');
      return { id: out.GroupId, outputs: { id: out.GroupId, arn: out.SecurityGroupArn, vpcId: desired.spec.vpcId } };
    } catch (error) {
      if (errorCode(error) !== 'InvalidGroup.Duplicate') throw error;
      return adoptDuplicate(ctx, desired, error);
    }
  },

  async update(ctx, _desired, observed, changes) {
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    // `DependencyViolation` while another group's rules or an endpoint still use it: the engine retries.
    await ctx.clients.get(EC2Client).send(new DeleteSecurityGroupCommand({ GroupId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
