import { describe, expect, it } from 'vitest';
import { expandDocument } from '../../../../core/domain/normalize/document';
import { getAt, loadEvent } from '../../../fixtures/builders';

describe('expandDocument', () => {
  it('splits a CloudTrail log file into its records', () => {
    // Prepare
    const file = loadEvent('cloudtrail-log-file');
    // Act
    const events = expandDocument(file);
    // Assess
    expect(events).toHaveLength(3);
    expect(events.map((e) => getAt(e, ['eventName']))).toEqual([
      'DescribeTrails',
      'StopLogging',
      'PutRetentionPolicy',
    ]);
  });

  it('flattens arrays, nested arrays and arrays of log files', () => {
    // Prepare
    const a = loadEvent('ct-stop-logging');
    const b = loadEvent('signin-root');
    const file = loadEvent('cloudtrail-log-file');
    // Act
    const flat = expandDocument([a, b]);
    const nested = expandDocument([[a], [[b]], []]);
    const files = expandDocument([file, [file]]);
    // Assess
    expect(flat).toEqual([a, b]);
    expect(nested).toEqual([a, b]);
    expect(files).toHaveLength(6);
  });

  it('keeps a single event, and an EventBridge event that happens to carry Records, whole', () => {
    // Prepare
    const single = loadEvent('config-ci-s3-bucket');
    const odd = { ...loadEvent('ct-stop-logging'), Records: [1, 2] };
    // Act
    const out = [expandDocument(single), expandDocument(odd), expandDocument('text')];
    // Assess
    expect(out).toEqual([[single], [odd], ['text']]);
  });
});
