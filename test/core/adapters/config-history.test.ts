import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverResources, historyFileItem, resourceHistory } from '../../../core/adapters/config-history';

const config = mockClient(ConfigServiceClient);
afterEach(() => config.reset());
const client = () => new ConfigServiceClient({ region: 'us-east-1' });

describe('Config history through the API', () => {
  it('lists the discovered resources of each type, every page, deleted ones included', async () => {
    config
      .on(ListDiscoveredResourcesCommand, { resourceType: 'AWS::S3::Bucket' })
      .resolvesOnce({ resourceIdentifiers: [{ resourceId: 'a' }], nextToken: 't' })
      .resolvesOnce({ resourceIdentifiers: [{ resourceId: 'b' }] });
    config.on(ListDiscoveredResourcesCommand, { resourceType: 'AWS::RDS::DBInstance' }).resolves({
      resourceIdentifiers: [{ resourceId: 'db-1' }],
    });
    const { resources, skipped } = await discoverResources(client(), [
      'AWS::S3::Bucket',
      'AWS::RDS::DBInstance',
    ]);
    expect(resources.map((r) => r.key)).toEqual([
      'AWS::S3::Bucket/a',
      'AWS::S3::Bucket/b',
      'AWS::RDS::DBInstance/db-1',
    ]);
    expect(skipped).toEqual([]);
    expect(
      config.commandCalls(ListDiscoveredResourcesCommand)[0]?.args[0].input.includeDeletedResources,
    ).toBe(true);
  });

  it('skips, with the service’s reason, a type this region’s Config will not list', async () => {
    config.on(ListDiscoveredResourcesCommand).rejects(
      new ConfigServiceServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: {},
        message: 'resourceType AWS::Foo::Bar is not valid',
      }),
    );
    const { skipped } = await discoverResources(client(), ['AWS::Foo::Bar']);
    expect(skipped).toEqual([
      { resourceType: 'AWS::Foo::Bar', reason: 'resourceType AWS::Foo::Bar is not valid' },
    ]);
  });

  it('does not hide other failures (a denied call is an error, not an empty history)', async () => {
    config.on(ListDiscoveredResourcesCommand).rejects(
      new ConfigServiceServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: {},
        message: 'denied',
      }),
    );
    await expect(discoverResources(client(), ['AWS::S3::Bucket'])).rejects.toThrow('denied');
  });

  it('reads a resource’s items since a date, oldest first, in the history files’ shape', async () => {
    const captured = new Date('2026-03-01T10:00:00Z');
    config
      .on(GetResourceConfigHistoryCommand)
      .resolvesOnce({
        configurationItems: [
          {
            resourceType: 'AWS::S3::Bucket',
            resourceId: 'a',
            awsRegion: 'us-east-1',
            accountId: '111122223333',
            configurationItemCaptureTime: captured,
            configurationItemStatus: 'OK',
            configuration: '{"name":"a"}',
          },
        ],
        nextToken: 'n',
      })
      .resolvesOnce({ configurationItems: [] });
    const since = new Date('2026-01-01T00:00:00Z');
    const items = [];
    for await (const i of resourceHistory(
      client(),
      { resourceType: 'AWS::S3::Bucket', resourceId: 'a', key: 'k' },
      since,
    ))
      items.push(i);
    expect(items).toEqual([
      {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'a',
        awsRegion: 'us-east-1',
        accountId: '111122223333',
        configurationItemCaptureTime: '2026-03-01T10:00:00.000Z',
        configurationItemStatus: 'OK',
        configuration: '{"name":"a"}',
      },
    ]);
    const input = config.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input;
    expect(input?.earlierTime).toEqual(since);
    expect(input?.chronologicalOrder).toBe('Forward');
    expect(config.commandCalls(GetResourceConfigHistoryCommand)[1]?.args[0].input.nextToken).toBe('n');
  });

  it('drops absent dates rather than writing them as null', () => {
    expect(historyFileItem({ resourceType: 'AWS::S3::Bucket', resourceId: 'x' })).toEqual({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'x',
    });
  });
});
