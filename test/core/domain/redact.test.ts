import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport } from '../../../core/domain/controls/evaluator-kit';
import { parseEvent } from '../../../core/domain/normalize';
import { REDACTED, redact, redactionPolicy, redactSecrets, tagKeysOf } from '../../../core/domain/redact';
import { ConfigItemChangeEventSchema } from '../../../evidence-schemas';
import { type FixtureName, getAt, loadEvent, setAt } from '../../fixtures/builders';

const POLICY = redactionPolicy();

/** A bucket policy statement with the given Condition block. */
const statement = (Condition: unknown, Effect = 'Deny') => ({
  Effect,
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::clinic-phi-intake/*',
  Condition,
});

describe('policy Condition values: a Referer or User-Agent used as a shared secret', () => {
  it('replaces every Condition value and keeps the operators and condition keys', () => {
    // Prepare
    const policy = {
      Version: '2012-10-17',
      Statement: [
        statement(
          {
            StringLike: { 'aws:Referer': ['https://portal-7Qx2.example/*', 'https://b.example/*'] },
            StringEquals: { 'aws:UserAgent': 'intake-agent-s3cr3t', 's3:x-amz-acl': 'private' },
            IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
            NumericLessThan: { 's3:TlsVersion': 1.2 },
          },
          'Allow',
        ),
      ],
    };
    // Act
    const out = redact({ bucketPolicy: policy }, POLICY);
    // Assess
    expect(getAt(out, ['bucketPolicy', 'Statement', 0, 'Condition'])).toEqual({
      StringLike: { 'aws:Referer': [REDACTED, REDACTED] },
      StringEquals: { 'aws:UserAgent': REDACTED, 's3:x-amz-acl': REDACTED },
      IpAddress: { 'aws:SourceIp': REDACTED },
      NumericLessThan: { 's3:TlsVersion': REDACTED },
    });
    expect(getAt(out, ['bucketPolicy', 'Statement', 0, 'Action'])).toBe('s3:*');
    expect(JSON.stringify(out)).not.toContain('portal-7Qx2');
  });

  it('keeps a true/false aws:SecureTransport and replaces anything else written there', () => {
    // Prepare
    const policy = {
      Statement: [
        statement({ Bool: { 'aws:SecureTransport': 'false' } }),
        statement({ Bool: { 'aws:SecureTransport': [false, 'TRUE'] } }),
        statement({ Bool: { 'aws:SecureTransport': 'sneaky-s3cr3t' } }),
        statement({ Null: { 'aws:Referer': 'false' } }),
      ],
    };
    // Act
    const out = redact({ policy }, POLICY);
    // Assess
    expect(getAt(out, ['policy', 'Statement', 0, 'Condition'])).toEqual({
      Bool: { 'aws:SecureTransport': 'false' },
    });
    expect(getAt(out, ['policy', 'Statement', 1, 'Condition'])).toEqual({
      Bool: { 'aws:SecureTransport': [false, 'TRUE'] },
    });
    expect(getAt(out, ['policy', 'Statement', 2, 'Condition'])).toEqual({
      Bool: { 'aws:SecureTransport': REDACTED },
    });
    expect(getAt(out, ['policy', 'Statement', 3, 'Condition'])).toEqual({
      Null: { 'aws:Referer': REDACTED },
    });
  });

  it('redacts a policy held as JSON text (policyText) and leaves text with nothing to redact byte for byte', () => {
    // Prepare
    const secret = JSON.stringify({
      Statement: [statement({ StringEquals: { 'aws:Referer': 'referer-token-91' } })],
    });
    const tlsOnly =
      ' {"Statement": [{"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}';
    // Act
    const out = redact({ planted: { policyText: secret }, tlsOnly: { policyText: tlsOnly } }, POLICY);
    // Assess
    const text = getAt(out, ['planted', 'policyText']);
    expect(text).not.toContain('referer-token-91');
    expect(JSON.parse(String(text)).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:Referer': REDACTED },
    });
    expect(getAt(out, ['tlsOnly', 'policyText'])).toBe(tlsOnly);
  });

  it('redacts an IAM document that Config stores URL-encoded', () => {
    // Prepare
    const doc = encodeURIComponent(
      JSON.stringify({
        Statement: [statement({ IpAddress: { 'aws:SourceIp': '198.51.100.7/32' } }, 'Allow')],
      }),
    );
    // Act
    const out = String(getAt(redact({ policyDocument: doc }, POLICY), ['policyDocument']));
    // Assess
    expect(decodeURIComponent(out)).not.toContain('198.51.100.7');
    expect(JSON.parse(decodeURIComponent(out)).Statement[0].Condition).toEqual({
      IpAddress: { 'aws:SourceIp': REDACTED },
    });
  });

  it('leaves a Condition that is not a policy statement alone (an S3 website routing rule)', () => {
    // Prepare
    const routing = {
      RoutingRules: [{ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { HostName: 'x' } }],
    };
    // Act
    const out = redact(routing, POLICY);
    // Assess
    expect(out).toEqual(routing);
  });

  it('replaces embedded JSON too deep to walk as a whole instead of failing', () => {
    // Prepare
    const deep = `${'['.repeat(50_000)}"referer-deep-secret"${']'.repeat(50_000)}`;
    // Act
    const out = redact({ policyText: deep }, POLICY);
    // Assess
    expect(out).toEqual({ policyText: REDACTED });
  });

  /** A policy statement whose Condition mixes aws:SecureTransport with other keys and values. */
  const conditionValue = fc.oneof(
    fc.boolean(),
    fc.constantFrom('true', 'false', 'False', 'TRUE', 'yes', ''),
    fc.string(),
    fc.array(fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), fc.string()), { maxLength: 3 }),
  );
  const arbitraryStatement = fc.record({
    Effect: fc.constantFrom('Deny', 'Allow'),
    Principal: fc.constantFrom('*', { AWS: '*' }, { AWS: 'arn:aws:iam::111122223333:role/r' }),
    Action: fc.constantFrom('s3:*', '*', 's3:GetObject'),
    Condition: fc.dictionary(
      fc.constantFrom('Bool', 'StringEquals', 'StringLike', 'Null'),
      fc.dictionary(fc.constantFrom('aws:SecureTransport', 'aws:Referer', 'aws:UserAgent'), conditionValue),
    ),
  });

  it('never changes the s3-bucket-tls verdict, for a policy object or its JSON text', () => {
    fc.assert(
      fc.property(fc.array(arbitraryStatement, { maxLength: 4 }), (statements) => {
        // Prepare
        const policy = { Version: '2012-10-17', Statement: statements };
        // Act
        const out = redact({ bucketPolicy: policy, policyText: JSON.stringify(policy) }, POLICY);
        // Assess
        const verdict = deniesInsecureTransport(policy);
        expect(deniesInsecureTransport(getAt(out, ['bucketPolicy']))).toBe(verdict);
        expect(deniesInsecureTransport(getAt(out, ['policyText']))).toBe(verdict);
      }),
      { numRuns: 500 },
    );
  });
});

describe('secret key names the list missed', () => {
  it.each([
    'passphrase',
    'keyPassphrase',
    'Authorization',
    'authorization',
    'Proxy-Authorization',
    'x-api-key',
    'X-Api-Key',
    'apiKey',
    'api-key',
    'credentials',
    'Credential',
    'privateKey',
    'private_key',
    'Private-Key',
    'Cookie',
    'Pwd',
  ])('replaces the value under %s', (key) => {
    // Prepare / Act
    const out = redact({ [key]: 'planted-s3cr3t' }, POLICY);
    // Assess
    expect(out).toEqual({ [key]: REDACTED });
  });

  it.each([
    ['an RSA key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEplanted\n-----END RSA PRIVATE KEY-----'],
    ['a PKCS#8 key', '-----BEGIN PRIVATE KEY-----\nMIIEplanted\n-----END PRIVATE KEY-----'],
    ['an OpenSSH key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blplanted\n-----END OPENSSH PRIVATE KEY-----'],
    [
      'an encrypted key',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFplanted\n-----END ENCRYPTED PRIVATE KEY-----',
    ],
    ['a key cut before its end line', '-----BEGIN EC PRIVATE KEY-----\nMHcplanted'],
  ])('replaces %s inside any string value, keeping the text around it', (_name, pem) => {
    // Prepare
    const value = { userData: `#!/bin/sh\ncat > /etc/key <<EOF\n${pem}\nEOF\necho done` };
    // Act
    const out = String(getAt(redact(value, POLICY), ['userData']));
    // Assess
    expect(out).not.toContain('planted');
    expect(out).toContain(REDACTED);
    expect(out).toContain('#!/bin/sh');
  });

  it.each([
    ['postgres://intake:Tr0ub4dor-9@db.example:5432/phi', 'postgres://[REDACTED]@db.example:5432/phi'],
    [
      'mongodb+srv://svc:p@ss-w0rd@cluster0.example.net/ehr?retryWrites=true',
      'mongodb+srv://[REDACTED]@cluster0.example.net/ehr?retryWrites=true',
    ],
    ['redis://:cache-s3cr3t@cache.example:6379', 'redis://[REDACTED]@cache.example:6379'],
    [
      'Server=db.example;User Id=sa;Password=Tr0ub4dor-9;Database=ehr',
      'Server=db.example;User Id=sa;Password=[REDACTED];Database=ehr',
    ],
    ['Data Source=db;Pwd=Tr0ub4dor-9;', 'Data Source=db;Pwd=[REDACTED];'],
    [
      'https://hooks.example/cb?token=Tr0ub4dor-9&ward=icu',
      'https://hooks.example/cb?token=[REDACTED]&ward=icu',
    ],
    ['mysql -u root --password=Tr0ub4dor-9 ehr', 'mysql -u root --password=[REDACTED] ehr'],
  ])('replaces the secret part of %s', (text, expected) => {
    // Prepare / Act
    const out = redact({ command: text }, POLICY);
    // Assess
    expect(out).toEqual({ command: expected });
  });

  it('replaces the value of a {name, value} pair whose name names a secret', () => {
    // Prepare
    const value = {
      parameters: [
        { parameterKey: 'DbPassword', parameterValue: 'cfn-s3cr3t' },
        { parameterKey: 'Environment', parameterValue: 'prod' },
      ],
      environmentVariables: [{ name: 'LOG_LEVEL', value: 'debug', type: 'PLAINTEXT' }],
    };
    // Act
    const out = redact(value, POLICY);
    // Assess
    expect(out).toEqual({
      parameters: [
        { parameterKey: 'DbPassword', parameterValue: REDACTED },
        { parameterKey: 'Environment', parameterValue: 'prod' },
      ],
      environmentVariables: [{ name: 'LOG_LEVEL', value: REDACTED, type: 'PLAINTEXT' }],
    });
  });

  it('keeps key ids, public keys, access key ids and facts about a secret (evidence, not secrets)', () => {
    // Prepare
    const value = {
      KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd',
      kmsMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:alias/phi',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample',
      keyRotationEnabled: true,
      accessKeyId: 'AKIAEXAMPLEKEY000042',
      authorizationType: 'AWS_IAM',
      authorizerId: 'abc123',
      passwordLastUsed: '2026-10-02T08:15:00Z',
      passwordResetRequired: false,
      sessionCredentialFromConsole: 'true',
      minimumPasswordLength: 14,
      maxPasswordAge: 90,
      passwordReusePrevention: 24,
      tokenExpiry: null,
      endpoint: 'https://db.example:8443/path@v2',
      repository: 'ssh://git@git.example/clinic/ehr.git',
      description: 'rotate the password every 90 days',
    };
    // Act
    const out = redact(value, POLICY);
    // Assess
    expect(out).toEqual(value);
  });

  it('still replaces a date written as the password itself (people use dates as passwords)', () => {
    // Prepare / Act
    const out = redact({ password: '1984-07-12', masterUserPassword: 19840712 }, POLICY);
    // Assess
    expect(out).toEqual({ password: REDACTED, masterUserPassword: REDACTED });
  });

  it('leaves the credential report facts of the sweep (booleans, counts, days) untouched', () => {
    // Prepare
    const details = [
      {
        kind: 'iam-user',
        userName: 'a.jones',
        arn: 'arn:aws:iam::111122223333:user/a.jones',
        createdOn: '2025-01-02',
        consoleAccess: true,
        consoleLastUsedOn: '2026-10-01',
        mfaDevices: [{ type: 'virtual', enabledOn: '2025-01-03' }],
        accessKeys: [
          { id: 'AKIA…0042', status: 'Active', createdOn: '2025-01-02', lastUsedOn: '2026-09-30' },
        ],
        attachedPolicies: ['ReadOnlyAccess'],
        inlinePolicies: [],
        groups: ['clinicians'],
      },
      { kind: 'iam-root', mfaActive: true, activeAccessKeys: 0, consoleLastUsedOn: '2026-01-05' },
      {
        kind: 'collection-gap',
        api: 'iam:GetCredentialReport',
        controls: ['root-account-use', 'iam-user-mfa'],
        errorCode: 'ReportInProgress',
        message: 'credential report still STARTED after 15 polls',
      },
    ];
    // Act
    const evidence = redact(details, POLICY);
    const quarantined = redactSecrets(details, POLICY);
    // Assess
    expect(evidence).toEqual(details);
    expect(quarantined).toEqual(details);
  });
});

/** A configuration item change of `name` with tags planted in every shape Config uses. */
function taggedItem(name: FixtureName): Record<string, unknown> {
  const event = loadEvent(name);
  const ci = ['detail', 'configurationItem'];
  setAt(event, [...ci, 'tags'], { 'attending-md': 'dr-planted-okafor', ephi: 'true' });
  setAt(
    event,
    [...ci, 'supplementaryConfiguration', 'Tags'],
    [
      { key: 'patient-cohort', value: 'planted-cohort-17' },
      { key: 'data-classification', value: 'ePHI' },
    ],
  );
  return event;
}

describe('quarantined input keeps tag values (possible PHI at rest)', () => {
  it.each([
    ['a map', { tags: { ward: 'planted-icu' } }, { tags: { ward: REDACTED } }],
    [
      '[{key, value}] pairs',
      { tagsList: [{ key: 'patient', value: 'planted-jane' }] },
      { tagsList: [{ key: 'patient', value: REDACTED }] },
    ],
    [
      '[{Key, Value}] pairs',
      { Tags: [{ Key: 'owner', Value: 'planted-dr', PropagateAtLaunch: true }] },
      { Tags: [{ Key: 'owner', Value: REDACTED, PropagateAtLaunch: true }] },
    ],
    [
      'KMS TagKey/TagValue pairs',
      { Tags: [{ TagKey: 'owner', TagValue: 'planted-dr' }] },
      { Tags: [{ TagKey: 'owner', TagValue: REDACTED }] },
    ],
    [
      'S3 tagSets',
      { BucketTaggingConfiguration: { tagSets: [{ tags: { a: 'planted-a' } }] } },
      { BucketTaggingConfiguration: { tagSets: [{ tags: { a: REDACTED } }] } },
    ],
    [
      'a PutBucketTagging TagSet',
      { TagSet: [{ Tag: [{ Key: 'ward', Value: 'planted-icu' }] }] },
      { TagSet: [{ Tag: [{ Key: 'ward', Value: REDACTED }] }] },
    ],
  ])('replaces tag values held as %s, keeping the keys and the shape', (_name, input, expected) => {
    // Prepare / Act
    const out = redactSecrets(input, POLICY);
    // Assess
    expect(out).toEqual(expected);
  });

  it('keeps only a tag value that an ePHI scope rule reads under its key', () => {
    // Prepare
    const custom = redactionPolicy([], [{ key: 'zone', values: ['EPHI-ZONE-7'] }]);
    const input = { tags: { ephi: 'true', zone: 'ephi-zone-7', owner: 'true', other: 'EPHI-ZONE-7' } };
    // Act
    const defaults = redactSecrets(input, POLICY);
    const configured = redactSecrets(input, custom);
    // Assess
    expect(defaults).toEqual({ tags: { ephi: 'true', zone: REDACTED, owner: REDACTED, other: REDACTED } });
    expect(configured).toEqual({
      tags: { ephi: REDACTED, zone: 'ephi-zone-7', owner: REDACTED, other: REDACTED },
    });
  });

  it.each([
    'config-ci-s3-bucket',
    'config-ci-rds-instance',
    'config-ci-ebs-volume',
    'config-ci-kms-key',
  ] as const)('a redrive of quarantined %s stores the same evidence as the original input', (name) => {
    // Prepare
    const event = taggedItem(name);
    // Act
    const stored = JSON.stringify(redactSecrets(event, POLICY));
    const fromOriginal = parseEvent(event, POLICY);
    const fromQuarantine = parseEvent(JSON.parse(stored), POLICY);
    // Assess
    expect(stored).not.toContain('planted');
    expect(stored).toContain('patient-cohort');
    expect(fromQuarantine).toEqual(fromOriginal);
    expect(getAt(fromOriginal, ['observation', 'facts', 'ephi'])).toEqual({
      inScope: true,
      matchedTagKey: 'ephi',
    });
  });
});

describe('unparseable quarantined text (a broken JSON Lines line)', () => {
  it('replaces secrets, private keys, connection strings and tag values in text that is not JSON', () => {
    // Prepare
    const line =
      '{"detail": {"configuration": {"password": "planted-pw-1", "token": planted-bare-2, "enabled": true,' +
      ' "url": "postgres://svc:planted-pw-3@db.example/phi", "cmd": "x password=planted-pw-4 y",' +
      ' "key": "-----BEGIN PRIVATE KEY-----\\nplanted-pem-5\\n-----END PRIVATE KEY-----",' +
      ' "policy": "{\\"Statement\\": {\\"x-api-key\\": \\"planted-escaped-6\\"}}"},' +
      ' "tags": {"owner": "planted-tag-7"}, "Tags": [{"Key": "ward", "Value": "planted-tag-8"}]';
    // Act
    const out = redactSecrets(line, POLICY);
    // Assess
    expect(out).not.toContain('planted');
    for (const kept of [
      '"password": "[REDACTED]"',
      '"enabled": true',
      'postgres://[REDACTED]@db.example',
      '"owner"',
      '"ward"',
    ])
      expect(out).toContain(kept);
  });

  it('replaces an Authorization header and a YAML secret written in plain text', () => {
    // Prepare
    const text =
      'GET /fhir/Patient HTTP/1.1\nAuthorization: Bearer planted.jwt.sig\nHost: ehr\nclient_secret: planted-yaml';
    // Act
    const out = redactSecrets(text, POLICY);
    // Assess
    expect(out).toBe(
      'GET /fhir/Patient HTTP/1.1\nAuthorization: [REDACTED]\nHost: ehr\nclient_secret: [REDACTED]',
    );
  });

  it('replaces the input that a JSON.parse error message echoes, cut inside a key', () => {
    // Prepare
    let reason = '';
    try {
      JSON.parse('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"password": planted-echo}');
    } catch (error) {
      reason = `line 3 is not valid JSON: ${(error as Error).message}`;
    }
    // Act
    const out = redactSecrets(reason, POLICY);
    // Assess
    expect(reason).toContain('planted-e');
    expect(out).not.toContain('planted');
    expect(out).toContain('line 3 is not valid JSON');
  });

  it('redacts JSON text that does parse as structure, tag values included', () => {
    // Prepare
    const text = JSON.stringify({ apiKey: 'planted-1', tags: { owner: 'planted-2' } });
    // Act
    const out = redactSecrets(text, POLICY);
    // Assess
    expect(JSON.parse(out)).toEqual({ apiKey: REDACTED, tags: { owner: REDACTED } });
  });
});

describe('redaction', () => {
  it('replaces every value of a Lambda environment.variables map, keeping the names', () => {
    // Prepare
    const raw = ConfigItemChangeEventSchema.parse(loadEvent('config-ci-lambda-function'));
    if (raw.detail.messageType !== 'ConfigurationItemChangeNotification')
      throw new Error('fixture is not a full CI');
    const configuration = raw.detail.configurationItem.configuration;
    // Act
    const out = redact(configuration, redactionPolicy());
    // Assess
    expect(getAt(out, ['environment', 'variables'])).toEqual({
      CLEARINGHOUSE_URL: REDACTED,
      DB_CONN: REDACTED,
    });
    expect(getAt(out, ['functionName'])).toBe('claims-intake');
    expect(JSON.stringify(out)).not.toContain('Tr0ub4dor');
    expect(getAt(configuration, ['environment', 'variables', 'DB_CONN'])).toContain('Tr0ub4dor');
  });

  it('keeps booleans and nulls under secret-looking keys, and honours extra patterns', () => {
    // Prepare
    const value = {
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: '000-00-0000',
      nested: [{ clientSecret: 'x' }],
    };
    // Act
    const out = redact(value, redactionPolicy(['SSN']));
    // Assess
    expect(out).toEqual({
      passwordEnabled: true,
      tokenExpiry: null,
      ssn: REDACTED,
      nested: [{ clientSecret: REDACTED }],
    });
  });

  it.each(['tags', 'Tags', 'TAGS', 'TagSet', 'tagSets', 'tagList', 'TagList', 'BucketTaggingConfiguration'])(
    'replaces an object or array under %s by its sorted tag keys',
    (key) => {
      // Prepare
      const value = {
        nested: { [key]: { ward: 'oncology', 'attending-md': 'dr-okafor' } },
        list: [{ [key]: [{ Key: 'patient', Value: 'jane-roe' }] }],
      };
      // Act
      const out = redact(value, redactionPolicy());
      // Assess
      expect(out).toEqual({
        nested: { [key]: { tagKeys: ['attending-md', 'ward'] } },
        list: [{ [key]: { tagKeys: ['patient'] } }],
      });
    },
  );

  it('leaves a scalar under a tag key and keys that merely contain "tag" alone', () => {
    // Prepare
    const value = { tags: 'none', tagging: { a: 'b' }, imageTag: 'v1', TagSet: null };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual(value);
  });

  it.each([
    ['a map', { b: 'x', a: 'y' }, ['a', 'b']],
    [
      'key/value pairs',
      [
        { key: 'b', value: 'x' },
        { key: 'a', value: 'y' },
      ],
      ['a', 'b'],
    ],
    ['Key/Value pairs', [{ Key: 'owner', Value: 'dr-okafor' }], ['owner']],
    ['S3 tagSets', { tagSets: [{ tags: { b: 'x' } }, { tags: { a: 'y', b: 'z' } }] }, ['a', 'b']],
    ['a PutBucketTagging TagSet', { TagSet: [{ Tag: [{ Key: 'ward', Value: 'icu' }] }] }, ['ward']],
    ['nothing', [], []],
  ])('tagKeysOf reads %s', (_name, tags, keys) => {
    // Prepare / Act
    const out = tagKeysOf(tags);
    // Assess
    expect(out).toEqual(keys);
  });

  it('replaces the value of every [{name, value}] entry of an ECS-style environment, keeping the names', () => {
    // Prepare
    const value = {
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: 'postgres://intake:Tr0ub4dor@db.example/phi' },
            { name: 'REGION', value: 'us-east-1' },
          ],
        },
      ],
    };
    // Act
    const out = redact(value, redactionPolicy());
    // Assess
    expect(out).toEqual({
      containerDefinitions: [
        {
          name: 'intake',
          environment: [
            { name: 'DB_URL', value: REDACTED },
            { name: 'REGION', value: REDACTED },
          ],
        },
      ],
    });
    expect(getAt(value, ['containerDefinitions', 0, 'environment', 0, 'value'])).toContain('Tr0ub4dor');
  });
});

describe('redaction of tag shapes found in review', () => {
  it('keeps only the keys of CloudTrail tagsList and KMS TagKey/TagValue tags', () => {
    // Prepare
    const input = {
      tagsList: [{ key: 'patient', value: 'jane-roe' }],
      Tags: [{ TagKey: 'owner', TagValue: 'dr-who' }],
    };
    // Act
    const out = JSON.stringify(redact(input, redactionPolicy()));
    // Assess
    expect(out).not.toContain('jane-roe');
    expect(out).not.toContain('dr-who');
    expect(out).toContain('"tagKeys":["patient"]');
    expect(out).toContain('"tagKeys":["owner"]');
  });
});
