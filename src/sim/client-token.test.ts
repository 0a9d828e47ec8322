import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateNatGatewayCommand,
  type CreateNatGatewayCommandInput,
  type CreateNatGatewayCommandOutput,
  DeleteNatGatewayCommand,
  type DeleteNatGatewayCommandInput,
  type DeleteNatGatewayCommandOutput,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { withClientToken } from './client-token.js';
import { Simulation } from './index.js';
import { defineHandler, type SimModule } from './module.js';
import type { ResourceRecord } from './state.js';
import { ACCOUNT_A, REGION, rejection } from './test-helpers.js';

/**
 * A stand-in NAT gateway module, only as deep as the token helper needs: the real module will use the
 * helper the same way. It runs alone, so it cannot collide with a future `ec2/nat-gateway.ts`.
 */
const natGateways: SimModule = {
  name: 'test/nat-gateway',
  handlers: {
    'EC2:CreateNatGateway': defineHandler<CreateNatGatewayCommandInput, CreateNatGatewayCommandOutput>((ctx, input) =>
      withClientToken(ctx, input.ClientToken, { ...input }, () => {
        const record: ResourceRecord = { id: ctx.newId('nat'), createdAt: ctx.now, tags: {} };
        ctx.collection<ResourceRecord>('ec2', 'natGateways')[record.id] = record;
        return {
          ClientToken: input.ClientToken,
          NatGateway: { NatGatewayId: record.id, SubnetId: input.SubnetId, State: 'pending', CreateTime: new Date(ctx.now) },
        };
      }),
    ),
    'EC2:DeleteNatGateway': defineHandler<DeleteNatGatewayCommandInput, DeleteNatGatewayCommandOutput>((ctx, input) => {
      delete ctx.collection('ec2', 'natGateways')[input.NatGatewayId!];
      return { NatGatewayId: input.NatGatewayId };
    }),
  },
};

const create = (ClientToken: string, SubnetId = 'subnet-aaaaaaaaaaaaaaaaa') => new CreateNatGatewayCommand({ ClientToken, SubnetId });

describe('client tokens', () => {
  const sim = new Simulation({}, undefined, [natGateways]);
  const ec2 = sim.client(EC2Client, { account: ACCOUNT_A, region: REGION });

  it('replays the original response for the same token and parameters, even after a delete', async () => {
    const first = await ec2.send(create('run-1'));
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: first.NatGateway!.NatGatewayId }));
    const again = await ec2.send(create('run-1'));
    expect(again.NatGateway?.NatGatewayId).toBe(first.NatGateway?.NatGatewayId);
    expect(again.NatGateway?.CreateTime).toEqual(first.NatGateway?.CreateTime);
  });

  it('answers IdempotentParameterMismatch for the same token with other parameters', async () => {
    await ec2.send(create('run-2'));
    const error = await rejection(ec2.send(create('run-2', 'subnet-bbbbbbbbbbbbbbbbb')));
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('IdempotentParameterMismatch');
  });

  it('creates anew for a new token', async () => {
    const a = await ec2.send(create('run-3'));
    const b = await ec2.send(create('run-4'));
    expect(a.NatGateway?.NatGatewayId).not.toBe(b.NatGateway?.NatGatewayId);
  });

  it('replays after a save and load, dates included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-sim-'));
    try {
      const first = await ec2.send(create('run-5'));
      await sim.save(join(dir, 'sim.json'));
      const loaded = await Simulation.load(join(dir, 'sim.json'));
      const reloaded = new Simulation({}, loaded.snapshot(), [natGateways]);
      const replay = await reloaded
        .client(EC2Client, { account: ACCOUNT_A, region: REGION })
        .send(create('run-5'));
      expect(replay.NatGateway?.NatGatewayId).toBe(first.NatGateway?.NatGatewayId);
      expect(replay.NatGateway?.CreateTime).toBeInstanceOf(Date);
      expect(replay.NatGateway?.CreateTime?.getTime()).toBe(first.NatGateway?.CreateTime?.getTime());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
