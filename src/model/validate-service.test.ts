/**
 * Validation of the Service kind against the example manifests (manifests/examples): each bad input is
 * one issue naming the file and the JSON pointer to fix, found with no AWS call (the model layer has
 * no AWS client to call).
 */
import { describe, expect, it } from 'vitest';
import { serviceAwsNames } from './kinds/service.js';
import { file, linesAfter, type Document } from './examples.fixture.js';

/** A copy of the api-service example as another Service, in the same account. */
function extraService(files: Map<string, Document>, name: string, change: (manifest: Document) => void = () => undefined): void {
  const manifest = JSON.parse(JSON.stringify(file(files, 'api-service.json'))) as Document;
  manifest.metadata.name = name;
  change(manifest);
  files.set(`${name}.json`, manifest);
}

describe('Service validation: the examples', () => {
  it('accepts the four example Services and the Share', () => {
    expect(linesAfter()).toEqual([]);
  });
});

describe('Service validation: references to manifests with problems of their own', () => {
  it('does not also report a reference to a manifest that failed the schema as unknown', () => {
    const lines = linesAfter((files) => (file(files, 'api-service.json').spec.image = ''));
    expect(lines).toEqual(['api-service.json#/spec/image: must be a container image reference without spaces']);
  });

  it('skips account checks against a Network whose own account alias is unknown (reported there)', () => {
    const lines = linesAfter((files) => (file(files, 'network.json').metadata.account = 'netwrk'));
    expect(lines.map((line) => line.split(': ')[0])).toEqual(['network.json#/metadata/account']);
  });
});

describe('Service validation: placement', () => {
  it('points at an unknown Network', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.network = 'cor'))).toEqual([
      'api-service.json#/spec/network: unknown Network "cor": no Network manifest has that name',
    ]);
  });

  it('points at an unknown subnet group, listing the Network\'s', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.subnets = 'privat'))).toEqual([
      'api-service.json#/spec/subnets: unknown subnet group "privat" in Network "core" (known: public, private, isolated)',
    ]);
  });

  it('rejects a Service in an account its Network does not share with', () => {
    const lines = linesAfter((files) => {
      const network = file(files, 'network.json');
      network.spec.shareWith = network.spec.shareWith.filter((principal: string) => principal !== 'api-consumer');
    });
    expect(lines).toEqual([
      'api-consumer.json#/metadata/account: this Service\'s account "api-consumer" (444444444444) is not the account of Network "core" (111111111111), and the Network does not share its subnets with it: add "api-consumer" to that Network\'s spec.shareWith (network.json#/spec/shareWith)',
    ]);
  });

  it('accepts a share by account ID for an alias, or by OU (whose members only AWS Organizations knows)', () => {
    const replace = (replacement: string) =>
      linesAfter((files) => {
        const network = file(files, 'network.json');
        network.spec.shareWith = network.spec.shareWith.map((principal: string) => (principal === 'api-consumer' ? replacement : principal));
      });
    expect(replace('444444444444')).toEqual([]);
    expect(replace('arn:aws:organizations::111111111111:ou/o-abc123/ou-abcd-12345678')).toEqual([]);
  });

  it('accepts a Service in its Network\'s own account, in any subnet group', () => {
    const lines = linesAfter((files) => {
      const service = file(files, 'api-service.json');
      service.metadata.account = 'network';
      service.spec.subnets = 'isolated';
    });
    expect(lines).toEqual([]);
  });

  it('rejects a non-private subnet group across accounts: only private subnets are shared', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.subnets = 'public'))).toEqual([
      'api-service.json#/spec/subnets: subnet group "public" has tier "public", but a Network shares only its private subnets with other accounts; use a private group',
    ]);
  });

  it('rejects a Service in another region than its Network', () => {
    expect(linesAfter((files) => (file(files, 'user-consumer.json').metadata.region = 'us-west-2'))).toEqual([
      'user-consumer.json#/spec/network: Network "core" is in region us-east-1 (network.json#), this Service in us-west-2; subnets are regional, so set metadata.region to us-east-1',
      'user-consumer.json#/spec/consume/0/service: Service "user-service" is in region us-east-1, this Service in us-west-2; an interface endpoint reaches endpoint services of its own region only',
    ]);
  });
});

describe('Service validation: the task', () => {
  it.each([
    [0, 'must be at least 1'],
    [65536, 'must be at most 65535'],
  ])('rejects port %s outside 1-65535', (port, message) => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.port = port))).toEqual([`api-service.json#/spec/port: ${message}`]);
  });

  it('rejects a PrivateLink listener port outside 1-65535', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.expose.privateLink.port = 70000))).toEqual([
      'api-service.json#/spec/expose/privateLink/port: must be at most 65535',
    ]);
  });

  it.each([
    [256, 4096, 'with cpu 256 memory must be 512, 1024, 2048'],
    [1024, 1024, 'with cpu 1024 memory must be 2048-8192 in steps of 1024'],
    [8192, 16000, 'with cpu 8192 memory must be 16384-61440 in steps of 4096'],
  ])('rejects cpu %s with memory %s, which Fargate does not run, listing what it does', (cpu, memory, allowed) => {
    const lines = linesAfter((files) => Object.assign(file(files, 'api-service.json').spec, { cpu, memory }));
    expect(lines).toEqual([`api-service.json#/spec/memory: Fargate does not run cpu ${cpu} with memory ${memory} MiB; ${allowed}`]);
  });

  it.each([
    [512, 4096],
    [4096, 30720],
    [16384, 122880],
  ])('accepts cpu %s with memory %s', (cpu, memory) => {
    expect(linesAfter((files) => Object.assign(file(files, 'api-service.json').spec, { cpu, memory }))).toEqual([]);
  });

  it('rejects a cpu value Fargate does not have', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.cpu = 300))).toEqual([
      'api-service.json#/spec/cpu: must be one of: 256, 512, 1024, 2048, 4096, 8192, 16384',
    ]);
  });

  it('rejects a health check with both path and command, and a timeout not below the interval', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.healthCheck.command = 'true'))).toEqual([
      'api-service.json#/spec/healthCheck: must have exactly one of path (an HTTP check by the load balancer) or command (a container health check)',
    ]);
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.healthCheck.timeoutSeconds = 15))).toEqual([
      'api-service.json#/spec/healthCheck/timeoutSeconds: the health check timeout (15s) must be less than its interval (15s)',
    ]);
  });

  it('rejects a taskPolicy next to a given taskRoleArn, and identity statements with a Principal or without a Resource', () => {
    const lines = linesAfter((files) => {
      file(files, 'api-service.json').spec.roles = {
        taskRoleArn: 'arn:aws:iam::222222222222:role/api',
        taskPolicy: {
          statements: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Principal: '*' },
            { Effect: 'Allow', Action: 'dynamodb:GetItem' },
          ],
        },
      };
    });
    expect(lines).toEqual([
      'api-service.json#/spec/roles/taskPolicy: taskPolicy is the policy of the task role trellis creates; with taskRoleArn the role is given, so its permissions are managed where it is',
      'api-service.json#/spec/roles/taskPolicy/statements/0/Principal: an identity-based policy applies to the role it is attached to, so its statements have no Principal',
      'api-service.json#/spec/roles/taskPolicy/statements/1: a statement of an identity-based policy needs Resource (or NotResource)',
    ]);
  });

  it('rejects an environment variable that a consumed Service\'s DNS name would overwrite', () => {
    expect(linesAfter((files) => (file(files, 'user-consumer.json').spec.environment.USER_SERVICE_HOST = 'x'))).toEqual([
      'user-consumer.json#/spec/consume/0/service: environment variable USER_SERVICE_HOST receives the DNS name of "user-service" and is also set in environment; remove it there or set envVar',
    ]);
  });
});

describe('Service validation: derived AWS names', () => {
  it('rejects a Service name whose load balancer name would pass 32 characters (and its target group\'s)', () => {
    const name = 'orders-fulfilment-service-api';
    const lines = linesAfter((files) => extraService(files, name));
    const names = serviceAwsNames(name, { network: 'core', port: 8080 }, 'trellis');
    expect(lines).toEqual([
      `${name}.json#/metadata/name: the load balancer name "${name}-nlb" derived from this Service's name is 33 characters; ELBv2 allows 32. Shorten the name or set spec.expose.privateLink.loadBalancerName`,
      `${name}.json#/metadata/name: the target group name "${names.targetGroup}" (<name>-tg-<hash6>) derived from this Service's name is 39 characters; ELBv2 allows 32, so the name may have at most 22`,
    ]);
  });

  it('accepts the longest name that fits (22 characters), and an explicit loadBalancerName', () => {
    expect(linesAfter((files) => extraService(files, 'a'.repeat(22)))).toEqual([]);
    const lines = linesAfter((files) =>
      extraService(files, 'orders-fulfilment-api', (manifest) => (manifest.spec.expose.privateLink.loadBalancerName = 'orders-nlb')),
    );
    expect(lines).toEqual([]);
  });

  it('rejects a derived load balancer name starting with "internal-", and an explicit one AWS would reject', () => {
    expect(linesAfter((files) => extraService(files, 'internal-api'))).toEqual([
      'internal-api.json#/metadata/name: the load balancer name "internal-api-nlb" must not start with "internal-" (an ELBv2 rule); set spec.expose.privateLink.loadBalancerName',
    ]);
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.expose.privateLink.loadBalancerName = 'a'.repeat(33)))).toEqual([
      "api-service.json#/spec/expose/privateLink/loadBalancerName: must be a load balancer name: 1-32 letters, digits and '-', not starting or ending with '-', not starting with 'internal-'",
    ]);
  });

  it('rejects a load balancer name another Service of the account and region has, on the later Service', () => {
    const lines = linesAfter((files) => {
      file(files, 'api-service.json').spec.expose.privateLink.loadBalancerName = 'user-service-nlb';
      file(files, 'user-service.json').metadata.account = 'api-service';
    });
    expect(lines).toEqual([
      'user-service.json#/metadata/name: load balancer name "user-service-nlb" is also Service "api-service"\'s (api-service.json#), in the same account and region; ELBv2 names are unique there',
    ]);
    // In different accounts the same name is fine.
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.expose.privateLink.loadBalancerName = 'user-service-nlb'))).toEqual([]);
  });

  it('rejects a name too long for the IAM roles trellis creates, unless both roles are given', () => {
    const name = `${'r'.repeat(60)}`;
    const lines = linesAfter((files) => extraService(files, name, (manifest) => delete manifest.spec.expose));
    expect(lines).toEqual([
      `${name}.json#/metadata/name: the role trellis creates is named after the Service: IAM role name "${name}-exec" is 65 characters; IAM allows 1-64; shorten the name or set spec.roles.taskExecutionRoleArn`,
      `${name}.json#/metadata/name: the role trellis creates is named after the Service: IAM role name "${name}-task" is 65 characters; IAM allows 1-64; shorten the name or set spec.roles.taskRoleArn`,
    ]);
    const given = linesAfter((files) =>
      extraService(files, name, (manifest) => {
        delete manifest.spec.expose;
        manifest.spec.roles = { taskExecutionRoleArn: 'arn:aws:iam::222222222222:role/exec', taskRoleArn: 'arn:aws:iam::222222222222:role/task' };
      }),
    );
    expect(given).toEqual([]);
  });

  it('derives names in one place: <name>-nlb, <name>-tg-<hash6> by replacement fields, roles under /trellis/<owner>/', () => {
    const names = serviceAwsNames('api-service', { network: 'core', port: 8080 }, 'trellis');
    expect(names).toMatchObject({
      cluster: 'api-service',
      loadBalancer: 'api-service-nlb',
      executionRole: 'api-service-exec',
      taskRole: 'api-service-task',
      rolePath: '/trellis/trellis/',
      latticeService: 'api-service',
    });
    expect(names.targetGroup).toMatch(/^api-service-tg-[0-9a-f]{6}$/);
    expect(serviceAwsNames('api-service', { network: 'core', port: 8080 }, 'trellis').targetGroup).toBe(names.targetGroup);
    expect(serviceAwsNames('api-service', { network: 'core', port: 9090 }, 'trellis').targetGroup).not.toBe(names.targetGroup);
    expect(serviceAwsNames('api-service', { network: 'core', port: 8080, cluster: { name: 'shared' } }, 'trellis').cluster).toBe('shared');
  });
});

describe('Service validation: consume and expose', () => {
  it('points at a consumed Service that does not exist', () => {
    expect(linesAfter((files) => (file(files, 'api-consumer.json').spec.consume[0].service = 'api-servce'))).toEqual([
      'api-consumer.json#/spec/consume/0/service: unknown Service "api-servce": no Service manifest has that name',
    ]);
  });

  it('rejects consuming a Service that exposes no PrivateLink', () => {
    expect(linesAfter((files) => (file(files, 'api-consumer.json').spec.consume[0].service = 'user-consumer'))).toEqual([
      'api-consumer.json#/spec/consume/0/service: Service "user-consumer" (user-consumer.json#) exposes no privateLink, so it cannot be consumed via privateLink',
    ]);
  });

  it('rejects consuming a Service via lattice when it exposes only PrivateLink', () => {
    expect(linesAfter((files) => (file(files, 'user-consumer.json').spec.consume[0].via = 'lattice'))).toEqual([
      'user-consumer.json#/spec/consume/0/service: Service "user-service" (user-service.json#) exposes no lattice, so it cannot be consumed via lattice; it exposes privateLink',
    ]);
  });

  it('rejects a Service consuming itself, and the same Service twice the same way', () => {
    const lines = linesAfter((files) => {
      const consumer = file(files, 'api-consumer.json');
      consumer.spec.consume.push({ service: 'api-consumer', via: 'privateLink' }, { service: 'api-service', via: 'privateLink', envVar: 'OTHER' });
    });
    expect(lines).toEqual([
      'api-consumer.json#/spec/consume/2/service: a Service cannot consume itself; its tasks reach "api-consumer" locally',
      'api-consumer.json#/spec/consume/3/service: "api-service" via privateLink is already consumed at /spec/consume/0/service',
    ]);
  });

  it('accepts two Services consuming each other (no resource depends on the other\'s endpoints)', () => {
    const lines = linesAfter((files) => file(files, 'api-service.json').spec.consume = [{ service: 'user-service', via: 'privateLink' }]);
    expect(lines.filter((line) => line.includes('cycle'))).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('points at an unknown Share in expose.lattice', () => {
    expect(linesAfter((files) => (file(files, 'user-service.json').spec.expose.lattice = { share: 'shared' }))).toEqual([
      'user-service.json#/spec/expose/lattice/share: unknown Share "shared": no Share manifest has that name',
    ]);
  });

  it('rejects a Lattice Share that does not share its service network with the Service\'s account', () => {
    expect(linesAfter((files) => (file(files, 'user-service.json').spec.expose.lattice = { share: 'shared-data' }))).toEqual([
      'user-service.json#/spec/expose/lattice/share: Share "shared-data" is in account 666666666666 and does not share its service network with this Service\'s account "user-service" (333333333333): add it to that Share\'s spec.principals (share.json#/spec/principals)',
    ]);
  });

  it('accepts consuming via lattice when the Share shares with the provider and associates the consumer\'s Network', () => {
    const lines = linesAfter((files) => {
      file(files, 'user-service.json').spec.expose.lattice = { share: 'shared-data', protocol: 'HTTPS' };
      file(files, 'share.json').spec.principals.push('user-service');
      file(files, 'user-consumer.json').spec.consume[0].via = 'lattice';
    });
    expect(lines).toEqual([]);
  });

  it('rejects consuming via lattice from a Network the provider\'s Share does not associate', () => {
    const lines = linesAfter((files) => {
      file(files, 'user-service.json').spec.expose.lattice = { share: 'shared-data' };
      const share = file(files, 'share.json');
      share.spec.principals.push('user-service');
      share.spec.vpcAssociations = [];
      file(files, 'user-consumer.json').spec.consume[0].via = 'lattice';
    });
    expect(lines).toEqual([
      'api-consumer.json#/spec/consume/1/service: Service "api-service" is in the service network of Share "shared-data", which has no VPC association for this Service\'s Network "core": add it to that Share\'s spec.vpcAssociations (share.json#/spec/vpcAssociations)',
      'user-consumer.json#/spec/consume/0/service: Service "user-service" is in the service network of Share "shared-data", which has no VPC association for this Service\'s Network "core": add it to that Share\'s spec.vpcAssociations (share.json#/spec/vpcAssociations)',
    ]);
  });

  it('points at an undeclared alias among the allowed principals', () => {
    expect(linesAfter((files) => (file(files, 'api-service.json').spec.expose.privateLink.allowedPrincipals = ['api-consumr', 'arn:aws:iam::444444444444:root']))).toEqual([
      'api-service.json#/spec/expose/privateLink/allowedPrincipals/0: unknown account alias "api-consumr": not a 12-digit account ID, and not in the config\'s accounts (known: api-consumer, api-service, network, resource-owner, tenant-a, tenant-b, user-consumer, user-service)',
    ]);
  });
});
