// The shared function construct: bad props fail at synth (lib/evidence-function.ts, lib/function-validation.ts).
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECT_ENTRY, EvidenceFunction, type EvidenceFunctionProps } from '../../lib';

describe('EvidenceFunction', () => {
  const build = (environment: Record<string, string>) => () => {
    const stack = new Stack(new App(), 'Fn');
    return new EvidenceFunction(stack, 'Fn', {
      entry: DEFAULT_COLLECT_ENTRY,
      encryptionKey: new kms.Key(stack, 'Key'),
      environment,
    });
  };

  it('rejects secrets in environment variables', () => {
    expect(build({ SLACK_WEBHOOK_URL: 'x' })).toThrow(/"SLACK_WEBHOOK_URL" looks like a secret/);
    expect(build({ NOTE: 'https://hooks.slack.com/services/T0/B0/abc' })).toThrow(/looks like a credential/);
    expect(build({ KEY: 'AKIAABCDEFGHIJKLMNOP' })).toThrow(/looks like a credential/);
  });

  it('rejects reserved names', () => {
    expect(build({ AWS_REGION: 'eu-west-1' })).toThrow(/reserved by Lambda/);
  });

  it('rejects bundled files outside the bundle and /tmp sizes Lambda does not offer', () => {
    const fn = (props: Partial<EvidenceFunctionProps>) => () => {
      const stack = new Stack(new App(), 'Fn');
      return new EvidenceFunction(stack, 'Fn', {
        entry: DEFAULT_COLLECT_ENTRY,
        encryptionKey: new kms.Key(stack, 'Key'),
        ...props,
      });
    };
    expect(fn({ bundledFiles: [{ from: 'relative.ttf', to: 'a.ttf' }] })).toThrow(/must be an absolute path/);
    expect(fn({ bundledFiles: [{ from: '/abs/a.ttf', to: '../a.ttf' }] })).toThrow(
      /relative \/-separated path/,
    );
    expect(fn({ ephemeralStorageMb: 256 })).toThrow(
      /ephemeralStorageMb must be an integer between 512 and 10240/,
    );
  });
});
