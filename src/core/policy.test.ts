import { describe, expect, it } from 'vitest';
import { canonicalJson, normalizePolicy, parsePolicyText, policiesEqual, PolicyParseError } from './policy.js';

const AUTH = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TeamA',
      Effect: 'Allow',
      Principal: { AWS: ['777777777777', '888888888888'] },
      Action: 'vpc-lattice-svcs:Invoke',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'TeamA', 'vpc-lattice-svcs:SourceVpcOwnerAccount': '111111111111' } },
    },
    {
      Sid: 'TeamB',
      Effect: 'Allow',
      Principal: { AWS: ['777777777777', '888888888888'] },
      Action: ['vpc-lattice-svcs:Invoke'],
      Resource: ['*'],
      Condition: { StringEquals: { 'aws:PrincipalTag/team': ['TeamB'] } },
    },
  ],
};

/** The same value with object keys in reverse order at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
}

const TRUST = {
  Version: '2012-10-17',
  Statement: {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::777777777777:root' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'sts:ExternalId': 'shared-data-team-a' } },
  },
};

describe('policiesEqual: what is not a difference', () => {
  it('is reflexive, and ignores whitespace and key order at every level', () => {
    expect(policiesEqual(AUTH, AUTH)).toBe(true);
    const reversed = reverseKeys(AUTH);
    expect(Object.keys(reversed as object)).toEqual(['Statement', 'Version']);
    expect(policiesEqual(reversed, AUTH)).toBe(true);
    expect(policiesEqual(AUTH, JSON.stringify(reversed, null, 4))).toBe(true);
  });

  it('ignores statement order', () => {
    expect(policiesEqual(AUTH, { ...AUTH, Statement: [...AUTH.Statement].reverse() })).toBe(true);
  });

  it('treats a single value and a one-element list alike, in every set-valued element', () => {
    const single = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Principal: { Service: 'ecs-tasks.amazonaws.com' } } };
    const listed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'], Principal: { Service: ['ecs-tasks.amazonaws.com'] } }] };
    expect(policiesEqual(single, listed)).toBe(true);
  });

  it('treats value lists as sets: order and repeats do not matter', () => {
    const a = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] };
    const b = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:PutObject'], Resource: '*' }] };
    expect(policiesEqual(a, b)).toBe(true);
  });

  it('treats an account ID and its root ARN in Principal.AWS alike, in either direction', () => {
    const byId = { ...TRUST, Statement: { ...TRUST.Statement, Principal: { AWS: '777777777777' } } };
    expect(policiesEqual(byId, TRUST)).toBe(true);
    expect(policiesEqual(TRUST, byId)).toBe(true);
  });

  it('builds root ARNs in the partition given', () => {
    const byId = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '777777777777' }, Action: 'sts:AssumeRole' } };
    const china = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws-cn:iam::777777777777:root' }, Action: 'sts:AssumeRole' } };
    expect(policiesEqual(byId, china)).toBe(false);
    expect(policiesEqual(byId, china, { partition: 'aws-cn' })).toBe(true);
  });

  it('decodes IAM\'s URL-encoded documents (GetRole returns them so; the JS SDK does not decode)', () => {
    const encoded = encodeURIComponent(JSON.stringify(TRUST));
    expect(encoded).toMatch(/^%7B%22Version%22/);
    expect(policiesEqual(encoded, TRUST)).toBe(true);
    expect(policiesEqual(TRUST, encoded)).toBe(true);
    // IAM encodes spaces and newlines too.
    expect(policiesEqual(encodeURIComponent(JSON.stringify(TRUST, null, 2)), TRUST)).toBe(true);
  });

  it('treats "Principal": "*" and {"AWS": "*"} alike', () => {
    const star = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'vpc-lattice-svcs:Invoke', Resource: '*' } };
    const aws = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'vpc-lattice-svcs:Invoke', Resource: '*' } };
    expect(policiesEqual(star, aws)).toBe(true);
  });

  it('ignores the letter case of action names and condition keys, which IAM ignores', () => {
    const lower = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'S3:getobject', Resource: '*', Condition: { StringEquals: { 'AWS:PrincipalTag/Team': 'TeamA' } } },
    };
    const upper = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'TeamA' } } },
    };
    expect(policiesEqual(lower, upper)).toBe(true);
  });

  it('compares condition values as strings, as IAM does', () => {
    const bool = { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } } };
    const text = { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': ['false'] } } } };
    expect(policiesEqual(bool, text)).toBe(true);
  });

  it('treats a repeated statement as one, and a missing Version as 2008-10-17', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    expect(policiesEqual({ Version: '2012-10-17', Statement: [statement, statement] }, { Version: '2012-10-17', Statement: statement })).toBe(true);
    expect(policiesEqual({ Statement: statement }, { Version: '2008-10-17', Statement: statement })).toBe(true);
  });
});

describe('policiesEqual: what is a difference', () => {
  it.each([
    ['an effect', { Effect: 'Deny' }],
    ['an action', { Action: 'vpc-lattice-svcs:Connect' }],
    ['a resource', { Resource: 'arn:aws:vpc-lattice:us-east-1:666666666666:servicenetwork/sn-0123456789abcdef0' }],
    ['a principal', { Principal: { AWS: ['777777777777'] } }],
    ['a condition value', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'TeamC' } } }],
    ['a condition value\'s case', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'teamb' } } }],
    ['a condition operator', { Condition: { StringLike: { 'aws:PrincipalTag/team': 'TeamB' } } }],
    ['a Sid', { Sid: 'TeamBee' }],
    ['Action for NotAction', { Action: undefined, NotAction: 'vpc-lattice-svcs:Invoke' }],
  ])('sees %s changed', (_, change) => {
    const changed = { ...AUTH, Statement: [AUTH.Statement[0], JSON.parse(JSON.stringify({ ...AUTH.Statement[1], ...change })) as unknown] };
    expect(policiesEqual(AUTH, changed)).toBe(false);
  });

  it('sees a statement removed or added, and a changed Version', () => {
    expect(policiesEqual(AUTH, { ...AUTH, Statement: [AUTH.Statement[0]] })).toBe(false);
    expect(policiesEqual(AUTH, { ...AUTH, Statement: [...AUTH.Statement, { Effect: 'Deny', Action: '*', Resource: '*', Principal: '*' }] })).toBe(false);
    expect(policiesEqual(AUTH, { ...AUTH, Version: '2008-10-17' })).toBe(false);
  });

  it('keeps the case of resource ARNs and of principals other than account IDs', () => {
    const a = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Bucket/*' } };
    const b = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' } };
    expect(policiesEqual(a, b)).toBe(false);
  });

  it('is false, not an exception, when a document cannot be parsed', () => {
    expect(policiesEqual('{not json', TRUST)).toBe(false);
    expect(policiesEqual(TRUST, '%7Bnot%20json')).toBe(false);
    expect(policiesEqual('%E0%A4%A', TRUST)).toBe(false);
    expect(policiesEqual(42, TRUST)).toBe(false);
  });
});

describe('normalizePolicy', () => {
  it('gives one canonical form: sorted statements, set values as sorted lists, root ARNs', () => {
    expect(normalizePolicy(TRUST)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::777777777777:root'] },
          Action: ['sts:assumerole'],
          Condition: { StringEquals: { 'sts:externalid': ['shared-data-team-a'] } },
        },
      ],
    });
  });

  it('is idempotent, and canonicalJson of equal policies is equal text', () => {
    const once = normalizePolicy(AUTH);
    expect(normalizePolicy(once)).toEqual(once);
    expect(canonicalJson(normalizePolicy(JSON.stringify(AUTH)))).toBe(canonicalJson(once));
  });

  it('throws PolicyParseError for text that is neither JSON nor URL-encoded JSON, and for non-objects', () => {
    expect(() => normalizePolicy('nope')).toThrow(PolicyParseError);
    expect(() => normalizePolicy('[1]')).toThrow(PolicyParseError);
    expect(() => normalizePolicy({ Version: '2012-10-17', Statement: ['x'] })).toThrow(PolicyParseError);
  });

  it('parses plain and URL-encoded text', () => {
    expect(parsePolicyText('  {"a": 1}\n')).toEqual({ a: 1 });
    expect(parsePolicyText('%7B%22a%22%3A%201%7D')).toEqual({ a: 1 });
  });
});
