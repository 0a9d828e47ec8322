import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateTargetGroupCommand,
  DeleteServiceCommand,
  DeleteTargetGroupCommand,
  GetServiceCommand,
  GetTargetGroupCommand,
  ListServicesCommand,
  ListTargetsCommand,
  RegisterTargetsCommand,
  UpdateTargetGroupCommand,
} from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_A, REGION } from '../test-helpers.js';
import { expectLatticeError, latticeSetup } from './test-setup.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('services', () => {
  it('goes CREATE_IN_PROGRESS → ACTIVE → DELETE_IN_PROGRESS → gone, with an svc- ARN and a DNS entry', async () => {
    const { lattice, advance } = await latticeSetup({ asyncDelayMs: 1000 });
    const created = await lattice.send(new CreateServiceCommand({ name: 'orders', authType: 'AWS_IAM', tags: { a: 'b' } }));
    expect(created.id).toMatch(/^svc-[0-9a-f]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:${REGION}:${ACCOUNT_A}:service/${created.id}`);
    expect(created).toMatchObject({ status: 'CREATE_IN_PROGRESS', authType: 'AWS_IAM' });
    expect(created.dnsEntry!.domainName).toMatch(new RegExp(`^orders-${created.id!.slice(4)}\\.[0-9a-f]{7}\\.vpc-lattice-svcs\\.${REGION}\\.on\\.aws$`));
    advance(1000);
    const got = await lattice.send(new GetServiceCommand({ serviceIdentifier: created.id }));
    expect(got.status).toBe('ACTIVE');
    expect(got).not.toHaveProperty('tags');
    expect((await lattice.send(new DeleteServiceCommand({ serviceIdentifier: created.id }))).status).toBe('DELETE_IN_PROGRESS');
    expect((await lattice.send(new ListServicesCommand({}))).items).toMatchObject([{ id: created.id, status: 'DELETE_IN_PROGRESS' }]);
    advance(1000);
    await expectLatticeError(lattice.send(new GetServiceCommand({ serviceIdentifier: created.id })), 'ResourceNotFoundException', 404);
  });

  it('rejects names over 40 characters and duplicate names', async () => {
    const { lattice } = await latticeSetup();
    await expectLatticeError(lattice.send(new CreateServiceCommand({ name: 'x'.repeat(41) })), 'ValidationException');
    await lattice.send(new CreateServiceCommand({ name: 'orders' }));
    await expectLatticeError(lattice.send(new CreateServiceCommand({ name: 'orders' })), 'ConflictException', 409);
  });
});

describe('target groups and listeners', () => {
  it('creates an IP target group (tg-), registers targets INITIAL → HEALTHY, updates only the health check', async () => {
    const { lattice, vpc, advance } = await latticeSetup({ asyncDelayMs: 50 });
    const { vpcId } = await vpc();
    const group = await lattice.send(new CreateTargetGroupCommand({ name: 'orders-tg', type: 'IP', config: { port: 8080, protocol: 'HTTP', vpcIdentifier: vpcId } }));
    expect(group.id).toMatch(/^tg-[0-9a-f]{17}$/);
    expect(group).toMatchObject({ status: 'CREATE_IN_PROGRESS', config: { port: 8080, protocol: 'HTTP', vpcIdentifier: vpcId, ipAddressType: 'IPV4' } });
    await lattice.send(new RegisterTargetsCommand({ targetGroupIdentifier: group.id, targets: [{ id: '10.0.1.10' }, { id: '10.0.1.11', port: 9090 }] }));
    expect((await lattice.send(new ListTargetsCommand({ targetGroupIdentifier: group.id }))).items).toEqual([
      { id: '10.0.1.10', port: 8080, status: 'INITIAL' },
      { id: '10.0.1.11', port: 9090, status: 'INITIAL' },
    ]);
    advance(50);
    expect((await lattice.send(new ListTargetsCommand({ targetGroupIdentifier: group.id }))).items!.map((t) => t.status)).toEqual(['HEALTHY', 'HEALTHY']);
    const updated = await lattice.send(new UpdateTargetGroupCommand({ targetGroupIdentifier: group.id, healthCheck: { enabled: true, path: '/health' } }));
    expect(updated.config).toMatchObject({ port: 8080, healthCheck: { enabled: true, path: '/health' } });
    expect((await lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: group.arn }))).status).toBe('ACTIVE');
  });

  it('allows two listeners per service (ServiceQuotaExceededException beyond), forwarding to target groups it keeps from deletion', async () => {
    const { lattice, vpc } = await latticeSetup();
    const { vpcId } = await vpc();
    const service = await lattice.send(new CreateServiceCommand({ name: 'orders' }));
    const group = await lattice.send(new CreateTargetGroupCommand({ name: 'orders-tg', type: 'IP', config: { port: 80, protocol: 'HTTP', vpcIdentifier: vpcId } }));
    const forward = { forward: { targetGroups: [{ targetGroupIdentifier: group.id }] } };
    const listener = await lattice.send(new CreateListenerCommand({ serviceIdentifier: service.id, name: 'http', protocol: 'HTTP', defaultAction: forward }));
    expect(listener.id).toMatch(/^listener-[0-9a-f]{17}$/);
    expect(listener).toMatchObject({ port: 80, serviceId: service.id, arn: `${service.arn}/listener/${listener.id}` });
    await expectLatticeError(
      lattice.send(new CreateListenerCommand({ serviceIdentifier: service.id, name: 'again', protocol: 'HTTP', port: 80, defaultAction: forward })),
      'ConflictException',
    );
    await lattice.send(new CreateListenerCommand({ serviceIdentifier: service.id, name: 'https', protocol: 'HTTPS', defaultAction: forward }));
    await expectLatticeError(
      lattice.send(new CreateListenerCommand({ serviceIdentifier: service.id, name: 'third', protocol: 'HTTP', port: 8080, defaultAction: forward })),
      'ServiceQuotaExceededException',
      402,
    );
    await expectLatticeError(
      lattice.send(new CreateListenerCommand({ serviceIdentifier: service.id, name: 'tcp', protocol: 'TCP' as never, defaultAction: forward })),
      'ValidationException',
    );
    await expectLatticeError(lattice.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: group.id })), 'ConflictException');
    expect((await lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: group.id }))).serviceArns).toEqual([service.arn]);
  });
});
