/**
 * Expansion of the Service kind (docs/resources.md, "Service"), on the example topology: addresses and
 * order, scopes across accounts, references to the Network and to providers, principals, roles,
 * clusters, ignoreDrift and deletion policy.
 */
import { describe, expect, it } from 'vitest';
import { diffResource } from '../core/diff.js';
import type { Reconciler } from '../core/reconciler.js';
import { ref, type DesiredResource } from '../core/types.js';
import { EXAMPLE_CONFIG, exampleFiles, file, type Document } from './examples.fixture.js';
import { expand } from './expand.js';
import { resolveConfig } from './load.js';
import type { Inputs } from './types.js';
import { validateInputs } from './validate.js';

const NETWORK = '111111111111';
const API_SERVICE = '222222222222';
const API_CONSUMER = '444444444444';
const USER_CONSUMER = '555555555555';

/** The expansion of the examples after `change`, failing the test if they do not validate. */
function expandExamples(change: (files: Map<string, Document>) => void = () => undefined): DesiredResource[] {
  const files = exampleFiles();
  change(files);
  const inputs: Inputs = {
    manifests: [...files].map(([name, manifest]) => ({ file: name, pointer: '', manifest })),
    config: resolveConfig(EXAMPLE_CONFIG),
    configFile: 'trellis.config.json',
    configDocument: EXAMPLE_CONFIG,
  };
  expect(validateInputs(inputs)).toEqual([]);
  return expand(inputs);
}

function get(resources: readonly DesiredResource[], address: string): DesiredResource {
  const resource = resources.find((candidate) => candidate.address === address);
  if (resource === undefined) throw new Error(`no resource ${address}; have ${resources.map((candidate) => candidate.address).join(', ')}`);
  return resource;
}

const of = (resources: readonly DesiredResource[], service: string) =>
  resources.filter((resource) => resource.address.startsWith(`service/${service}/`)).map((resource) => `${resource.type} ${resource.address}`);

const privateSubnets = [ref('network/core/subnet/private-a', 'id'), ref('network/core/subnet/private-b', 'id')];
const vpcId = ref('network/core/vpc/main', 'id');

describe('expand Service: the example topology', () => {
  const resources = expandExamples();

  it('gives a provider its group, roles, cluster, task, service, NLB, target group, listener, endpoint service, then its Lattice front, in order', () => {
    expect(of(resources, 'api-service')).toEqual([
      'ec2:security-group service/api-service/security-group/main',
      'ec2:security-group-rules service/api-service/security-group-rules/main',
      'iam:role service/api-service/iam-role/execution',
      'iam:role service/api-service/iam-role/task',
      'ecs:cluster service/api-service/ecs-cluster/main',
      'ecs:task-definition service/api-service/task-definition/main',
      'ecs:service service/api-service/ecs-service/main',
      'elbv2:load-balancer service/api-service/load-balancer/main',
      'elbv2:target-group service/api-service/target-group/main',
      'elbv2:listener service/api-service/listener/main',
      'ec2:vpc-endpoint-service service/api-service/vpc-endpoint-service/main',
      'iam:role service/api-service/iam-role/lattice',
      'vpc-lattice:target-group service/api-service/lattice-target-group/main',
      'vpc-lattice:service service/api-service/lattice-service/main',
      'vpc-lattice:listener service/api-service/lattice-listener/main',
      'vpc-lattice:service-network-service-association service/api-service/lattice-service-association/shared-data',
    ]);
  });

  it('gives a consumer an endpoint security group, its rules and an interface endpoint per provider', () => {
    expect(of(resources, 'api-consumer')).toEqual([
      'ec2:security-group service/api-consumer/security-group/main',
      'ec2:security-group-rules service/api-consumer/security-group-rules/main',
      'iam:role service/api-consumer/iam-role/execution',
      'iam:role service/api-consumer/iam-role/task',
      'ecs:cluster service/api-consumer/ecs-cluster/main',
      'ecs:task-definition service/api-consumer/task-definition/main',
      'ecs:service service/api-consumer/ecs-service/main',
      'ec2:security-group service/api-consumer/security-group/endpoint-api-service',
      'ec2:security-group-rules service/api-consumer/security-group-rules/endpoint-api-service',
      'ec2:vpc-endpoint service/api-consumer/vpc-endpoint/api-service',
    ]);
  });

  it('puts every Service resource in the Service\'s own account, in the Network\'s VPC and shared subnets', () => {
    for (const resource of resources.filter((candidate) => candidate.address.startsWith('service/api-consumer/'))) {
      expect(resource.scope).toEqual({ account: API_CONSUMER, region: 'us-east-1' });
    }
    // in another account than the Network: usable once the Network shares its subnets
    for (const address of ['service/api-service/security-group/main', 'service/api-service/load-balancer/main', 'service/api-service/target-group/main', 'service/api-consumer/security-group/endpoint-api-service']) {
      expect(get(resources, address).dependsOn).toEqual(['network/core/resource-share/subnets']);
    }
    expect(get(resources, 'service/api-service/security-group/main').spec).toEqual({ vpcId, groupName: 'api-service', description: 'Tasks of Service api-service' });
    expect(get(resources, 'service/api-service/security-group-rules/main').spec).toEqual({
      groupId: ref('service/api-service/security-group/main', 'id'),
      ingress: [
        { protocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIpv4: '10.0.0.0/16', description: 'Port 8080 from the VPC (the NLB and peers)' },
        { protocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIpv4: '169.254.171.0/24', description: 'Port 8080 from VPC Lattice' },
      ],
      egress: [{ protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0', description: 'All egress' }],
    });
    expect(get(resources, 'service/api-service/ecs-service/main').spec).toEqual({
      serviceName: 'api-service',
      clusterArn: ref('service/api-service/ecs-cluster/main', 'arn'),
      taskDefinitionArn: ref('service/api-service/task-definition/main', 'arn'),
      desiredCount: 2,
      subnetIds: privateSubnets,
      securityGroupIds: [ref('service/api-service/security-group/main', 'id')],
      loadBalancers: [{ targetGroupArn: ref('service/api-service/target-group/main', 'arn'), containerName: 'api-service', containerPort: 8080 }],
      vpcLatticeConfigurations: [
        { roleArn: ref('service/api-service/iam-role/lattice', 'arn'), targetGroupArn: ref('service/api-service/lattice-target-group/main', 'arn'), portName: 'lattice' },
      ],
      healthCheckGracePeriodSeconds: 30,
    });
    expect(get(resources, 'service/api-consumer/ecs-service/main').spec).toMatchObject({ loadBalancers: [], vpcLatticeConfigurations: [] });
    expect(get(resources, 'service/api-consumer/ecs-service/main').spec).not.toHaveProperty('healthCheckGracePeriodSeconds');
  });

  it('creates roles under /trellis/<owner>/ assumable by ECS tasks, the execution role scoped to its log group', () => {
    const execution = get(resources, 'service/api-service/iam-role/execution');
    expect(execution.spec).toEqual({
      roleName: 'api-service-exec',
      path: '/trellis/trellis/',
      assumeRolePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      description: 'ECS task execution role of Service api-service',
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
      inlinePolicies: {
        'create-log-group': {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'logs:CreateLogGroup',
              Resource: [
                `arn:aws:logs:us-east-1:${API_SERVICE}:log-group:/trellis/trellis/service/api-service`,
                `arn:aws:logs:us-east-1:${API_SERVICE}:log-group:/trellis/trellis/service/api-service:*`,
              ],
            },
          ],
        },
      },
    });
    expect(get(resources, 'service/api-service/iam-role/task').spec).toMatchObject({ roleName: 'api-service-task', managedPolicyArns: [], inlinePolicies: {} });
  });

  it('describes the task: image, size, roles, environment with the consumed endpoint\'s DNS name, awslogs', () => {
    expect(get(resources, 'service/api-consumer/task-definition/main').spec).toEqual({
      family: 'api-consumer',
      cpu: '256',
      memory: '512',
      executionRoleArn: ref('service/api-consumer/iam-role/execution', 'arn'),
      taskRoleArn: ref('service/api-consumer/iam-role/task', 'arn'),
      container: {
        name: 'api-consumer',
        image: 'public.ecr.aws/example/api-consumer:1.0.0',
        port: 8080,
        environment: {
          LOG_LEVEL: 'info',
          API_URL_HOST: ref('service/api-consumer/vpc-endpoint/api-service', 'dnsName'),
          // via lattice: the provider's Lattice service DNS name, in the provider's account
          API_LATTICE_HOST: ref('service/api-service/lattice-service/main', 'dnsName'),
        },
        logGroup: '/trellis/trellis/service/api-consumer',
        logRegion: 'us-east-1',
        logStreamPrefix: 'api-consumer',
      },
    });
    // user-consumer names no envVar: the default one
    expect(get(resources, 'service/user-consumer/task-definition/main').spec.container).toMatchObject({
      environment: { LOG_LEVEL: 'info', USER_SERVICE_HOST: ref('service/user-consumer/vpc-endpoint/user-service', 'dnsName') },
    });
  });

  it('publishes the provider: internal NLB, TCP ip target group with the HTTP check, listener on the expose port', () => {
    expect(get(resources, 'service/api-service/load-balancer/main').spec).toEqual({
      name: 'api-service-nlb',
      scheme: 'internal',
      type: 'network',
      subnetIds: privateSubnets,
      securityGroupIds: [],
    });
    expect(get(resources, 'service/api-service/target-group/main').spec).toEqual({
      name: expect.stringMatching(/^api-service-tg-[0-9a-f]{6}$/),
      protocol: 'TCP',
      port: 8080,
      vpcId,
      targetType: 'ip',
      healthCheck: { protocol: 'HTTP', path: '/healthz', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 3 },
    });
    expect(get(resources, 'service/api-service/listener/main').spec).toEqual({
      loadBalancerArn: ref('service/api-service/load-balancer/main', 'arn'),
      protocol: 'TCP',
      port: 443,
      targetGroupArn: ref('service/api-service/target-group/main', 'arn'),
    });
    // user-service sets no expose port: the container's
    expect(get(resources, 'service/user-service/listener/main').spec).toMatchObject({ port: 8080 });
  });

  it('allows and accepts exactly the consuming accounts on the endpoint service', () => {
    expect(get(resources, 'service/api-service/vpc-endpoint-service/main').spec).toEqual({
      networkLoadBalancerArns: [ref('service/api-service/load-balancer/main', 'arn')],
      acceptanceRequired: true,
      allowedPrincipals: [`arn:aws:iam::${API_CONSUMER}:root`],
      acceptedAccounts: [API_CONSUMER],
    });
    expect(get(resources, 'service/user-service/vpc-endpoint-service/main').spec).toMatchObject({
      allowedPrincipals: [`arn:aws:iam::${USER_CONSUMER}:root`],
      acceptedAccounts: [USER_CONSUMER],
    });
  });

  it('points the consumer\'s endpoint at the provider\'s endpoint service, through its own security group', () => {
    const endpoint = get(resources, 'service/api-consumer/vpc-endpoint/api-service');
    expect(endpoint.scope.account).toBe(API_CONSUMER);
    expect(endpoint.spec).toEqual({
      vpcId,
      serviceName: ref('service/api-service/vpc-endpoint-service/main', 'serviceName'),
      vpcEndpointType: 'Interface',
      subnetIds: privateSubnets,
      securityGroupIds: [ref('service/api-consumer/security-group/endpoint-api-service', 'id')],
      privateDnsEnabled: false,
    });
    expect(get(resources, 'service/api-consumer/security-group-rules/endpoint-api-service').spec).toEqual({
      groupId: ref('service/api-consumer/security-group/endpoint-api-service', 'id'),
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, securityGroupId: ref('service/api-consumer/security-group/main', 'id'), description: 'Port 443 from the tasks of Service api-consumer' }],
      egress: [],
    });
    expect(endpoint.source).toEqual({ file: 'api-consumer.json', pointer: '/spec/consume/0' });
  });

  it('refers only to the Network\'s resources in the Network account, never creates any there', () => {
    expect(resources.filter((resource) => resource.address.startsWith('service/') && resource.scope.account === NETWORK)).toEqual([]);
  });
});

describe('expand Service: options', () => {
  it('adds declared principals to the allowed principals and accepted accounts, and every consumer', () => {
    const resources = expandExamples((files) => {
      file(files, 'api-service.json').spec.expose.privateLink.allowedPrincipals = ['tenant-a', '888888888888', 'arn:aws:iam::999999999999:role/caller'];
      file(files, 'user-consumer.json').spec.consume.push({ service: 'api-service', via: 'privateLink' });
    });
    expect(get(resources, 'service/api-service/vpc-endpoint-service/main').spec).toMatchObject({
      allowedPrincipals: [
        `arn:aws:iam::${API_CONSUMER}:root`,
        `arn:aws:iam::${USER_CONSUMER}:root`,
        'arn:aws:iam::777777777777:root',
        'arn:aws:iam::888888888888:root',
        'arn:aws:iam::999999999999:role/caller',
      ],
      acceptedAccounts: [API_CONSUMER, USER_CONSUMER, '777777777777', '888888888888', '999999999999'],
    });
  });

  it('uses given role ARNs instead of creating roles, and puts taskPolicy on the task role', () => {
    const given = 'arn:aws:iam::222222222222:role/existing-exec';
    const resources = expandExamples((files) => {
      file(files, 'api-service.json').spec.roles = {
        taskExecutionRoleArn: given,
        taskPolicy: { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'], statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] },
      };
    });
    expect(resources.some((resource) => resource.address === 'service/api-service/iam-role/execution')).toBe(false);
    expect(get(resources, 'service/api-service/task-definition/main').spec).toMatchObject({ executionRoleArn: given, taskRoleArn: ref('service/api-service/iam-role/task', 'arn') });
    expect(get(resources, 'service/api-service/iam-role/task').spec).toMatchObject({
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      inlinePolicies: { task: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] } },
    });
  });

  it('emits a shared cluster once per account and region, with the first Service naming it', () => {
    const resources = expandExamples((files) => {
      const second = structuredClone(file(files, 'api-service.json'));
      second.metadata.name = 'api-worker';
      delete second.spec.expose;
      files.set('api-worker.json', second);
      file(files, 'api-service.json').spec.cluster = { name: 'shared' };
      second.spec.cluster = { name: 'shared' };
      file(files, 'api-consumer.json').spec.cluster = { name: 'shared' };
    });
    const clusters = resources.filter((resource) => resource.type === 'ecs:cluster' && resource.address.startsWith('cluster/'));
    expect(clusters.map((cluster) => [cluster.address, cluster.scope.account, cluster.spec.clusterName, cluster.source])).toEqual([
      [`cluster/shared/ecs-cluster/${API_CONSUMER}.us-east-1`, API_CONSUMER, 'shared', { file: 'api-consumer.json', pointer: '/spec/cluster' }],
      [`cluster/shared/ecs-cluster/${API_SERVICE}.us-east-1`, API_SERVICE, 'shared', { file: 'api-service.json', pointer: '/spec/cluster' }],
    ]);
    expect(get(resources, 'service/api-worker/ecs-service/main').spec.clusterArn).toEqual(ref(`cluster/shared/ecs-cluster/${API_SERVICE}.us-east-1`, 'arn'));
    expect(resources.some((resource) => resource.address === 'service/api-worker/ecs-cluster/main')).toBe(false);
  });

  it('maps a container health check command and leaves the target group on TCP without a path', () => {
    const resources = expandExamples((files) => {
      file(files, 'user-service.json').spec.healthCheck = { command: 'curl -f http://localhost:8080/ || exit 1', intervalSeconds: 10, gracePeriodSeconds: 5 };
    });
    expect(get(resources, 'service/user-service/task-definition/main').spec.container).toMatchObject({
      healthCheck: { command: 'curl -f http://localhost:8080/ || exit 1', intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 5 },
    });
    expect(get(resources, 'service/user-service/target-group/main').spec.healthCheck).toEqual({
      protocol: 'TCP',
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    });
  });

  it('honours ignoreDrift /desiredCount on the ECS service only, and the deletion policy on every resource', () => {
    const resources = expandExamples((files) => {
      file(files, 'api-service.json').metadata.ignoreDrift = ['/desiredCount'];
      file(files, 'api-service.json').metadata.deletionPolicy = 'Retain';
    });
    const service = get(resources, 'service/api-service/ecs-service/main');
    const reconciler = { type: 'ecs:service', replaceFields: [] } as unknown as Reconciler;
    const live = { type: service.type, scope: service.scope, id: 'arn', address: service.address, tags: service.tags, outputs: {}, references: [] };
    expect(diffResource(reconciler, service, { ...live, spec: { ...service.spec, desiredCount: 7 } })).toEqual([]);
    expect(diffResource(reconciler, service, { ...live, spec: { ...service.spec, subnetIds: [] } })).toHaveLength(1);
    for (const resource of resources.filter((candidate) => candidate.address.startsWith('service/api-service/'))) {
      expect(resource.deletionPolicy).toBe('Retain');
      expect(resource.tags['trellis:deletion-policy']).toBe('Retain');
    }
  });
});

describe('expand Service: expose.lattice and consume via lattice', () => {
  const resources = expandExamples();
  const RESOURCE_OWNER = '666666666666';

  it('puts the Lattice front in the provider\'s account: role, IP target group in the Network\'s VPC, service, listener, association', () => {
    for (const address of ['lattice-target-group/main', 'lattice-service/main', 'lattice-listener/main', 'lattice-service-association/shared-data']) {
      expect(get(resources, `service/api-service/${address}`).scope).toEqual({ account: API_SERVICE, region: 'us-east-1' });
    }
    expect(get(resources, 'service/api-service/iam-role/lattice').spec).toEqual({
      roleName: 'api-service-lattice',
      path: '/trellis/trellis/',
      assumeRolePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      description: 'ECS infrastructure role of Service api-service: registers its tasks with its VPC Lattice target group',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice'],
      inlinePolicies: {},
    });
    const targetGroup = get(resources, 'service/api-service/lattice-target-group/main');
    expect(targetGroup.spec).toEqual({
      name: expect.stringMatching(/^api-service-tg-[0-9a-f]{6}$/),
      type: 'IP',
      port: 8080,
      protocol: 'HTTP',
      vpcIdentifier: vpcId,
      healthCheck: { enabled: true, path: '/healthz', intervalSeconds: 15, timeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 3 },
    });
    // The Network's VPC is another account's: the target group waits for the subnet share, like the NLB's.
    expect(targetGroup.dependsOn).toEqual(['network/core/resource-share/subnets']);
    // Its name differs from the NLB target group's (a hash over other fields), though both are the Service's.
    expect(targetGroup.spec.name).not.toBe(get(resources, 'service/api-service/target-group/main').spec.name);
    expect(get(resources, 'service/api-service/lattice-service/main').spec).toEqual({ name: 'api-service', authType: 'NONE' });
    expect(get(resources, 'service/api-service/lattice-listener/main').spec).toEqual({
      serviceIdentifier: ref('service/api-service/lattice-service/main', 'arn'),
      name: 'http-80',
      protocol: 'HTTP',
      port: 80,
      targetGroupIdentifier: ref('service/api-service/lattice-target-group/main', 'arn'),
    });
    const association = get(resources, 'service/api-service/lattice-service-association/shared-data');
    expect(association.spec).toEqual({
      serviceNetworkIdentifier: ref('share/shared-data/service-network/main', 'arn'),
      serviceIdentifier: ref('service/api-service/lattice-service/main', 'arn'),
    });
    // The service network is the resource owner's: it reaches this account through the Share's RAM share.
    expect(get(resources, 'share/shared-data/service-network/main').scope.account).toBe(RESOURCE_OWNER);
    expect(association.dependsOn).toEqual(['share/shared-data/resource-share/main']);
    expect(association.source).toMatchObject({ file: 'api-service.json', pointer: '/spec/expose/lattice/share' });
  });

  it('names the container port for ECS\'s Lattice configuration, and only on a Service exposed through Lattice', () => {
    expect(get(resources, 'service/api-service/task-definition/main').spec.container).toMatchObject({ port: 8080, portName: 'lattice' });
    expect(get(resources, 'service/user-service/task-definition/main').spec.container).not.toHaveProperty('portName');
    expect(get(resources, 'service/user-service/ecs-service/main').spec).toMatchObject({ vpcLatticeConfigurations: [] });
  });

  it('takes HTTPS on 443 by default, a given port, and no Lattice health check without a path', () => {
    const https = expandExamples((files) => {
      file(files, 'api-service.json').spec.expose.lattice = { share: 'shared-data', protocol: 'HTTPS' };
    });
    expect(get(https, 'service/api-service/lattice-listener/main').spec).toMatchObject({ name: 'https-443', protocol: 'HTTPS', port: 443 });
    const custom = expandExamples((files) => {
      file(files, 'api-service.json').spec.expose.lattice = { share: 'shared-data', port: 8443, protocol: 'HTTPS' };
      file(files, 'api-service.json').spec.healthCheck = { command: 'true' };
    });
    expect(get(custom, 'service/api-service/lattice-listener/main').spec).toMatchObject({ name: 'https-8443', port: 8443 });
    expect(get(custom, 'service/api-service/lattice-target-group/main').spec).toMatchObject({ protocol: 'HTTP', port: 8080, healthCheck: { enabled: false } });
  });

  it('needs no RAM share wait when the Share is in the Service\'s own account', () => {
    const resources = expandExamples((files) => {
      file(files, 'share.json').metadata.account = 'api-service';
      const share = file(files, 'share.json');
      share.spec.principals = share.spec.principals.filter((principal: string) => principal !== 'api-service').concat('resource-owner');
      share.spec.tenants = [];
    });
    expect(get(resources, 'service/api-service/lattice-service-association/shared-data').dependsOn).toBeUndefined();
  });

  it('drops the whole Lattice front and the ECS configuration when expose.lattice goes', () => {
    const resources = expandExamples((files) => {
      delete file(files, 'api-service.json').spec.expose.lattice;
      file(files, 'api-consumer.json').spec.consume.pop();
    });
    expect(of(resources, 'api-service').filter((line) => line.includes('lattice'))).toEqual([]);
    expect(get(resources, 'service/api-service/ecs-service/main').spec).toMatchObject({ vpcLatticeConfigurations: [] });
    expect(get(resources, 'service/api-service/task-definition/main').spec.container).not.toHaveProperty('portName');
    expect(get(resources, 'service/api-service/security-group-rules/main').spec.ingress).toHaveLength(1);
  });
});
