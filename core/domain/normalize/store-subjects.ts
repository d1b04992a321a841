/**
 * The subjects of the calls the store controls judge (core/domain/controls/store-sources.ts: EFS, SNS,
 * SQS, Kinesis, Secrets Manager, EKS), named as AWS Config names the resources (its resource id is the
 * CloudFormation primary identifier: a file system id, a topic ARN, a queue URL, a stream name, a secret
 * ARN, a cluster name) with the ARN that keys the subject, so a call and the Config or sweep item of one
 * resource share a chain. A call is matched by its service as well as its name: CreateCluster is also
 * Redshift's, ECS's and MSK's.
 */
import type { CloudTrailRecord, Subject } from '../../../evidence-schemas';
import { partitionOf } from '../arn';
import {
  EFS_FILE_SYSTEM,
  EKS_CLUSTER,
  KINESIS_STREAM,
  SECRET,
  SNS_TOPIC,
  SQS_QUEUE,
  STORES,
} from '../controls/store-sources';
import { field, str } from '../facts-access';
import { ANALYTICS_EVENT_SOURCES } from './analytics-subjects';
import { DATABASE_EVENT_SOURCES } from './database-subjects';
import { DETECTION_EVENT_SOURCES } from './detection-subjects';
import { EDGE_EVENT_SOURCES } from './edge-subjects';
import { makeSubject } from './subject';

/**
 * Every service each watched call is judged from, by call name: databases, stores, search and ML, the
 * network edge and threat detection (the families whose call names recur in other services).
 */
const WATCHED_SOURCES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const out = new Map<string, Set<string>>();
  const add = (name: string, source: string) => out.set(name, (out.get(name) ?? new Set()).add(source));
  for (const sources of [
    DATABASE_EVENT_SOURCES,
    ANALYTICS_EVENT_SOURCES,
    EDGE_EVENT_SOURCES,
    DETECTION_EVENT_SOURCES,
  ])
    for (const [name, source] of sources) add(name, source);
  for (const s of STORES) for (const name of s.calls) add(name, s.eventSource);
  return out;
})();

/**
 * True when a control watches the call's name, but in other services than the one that made it (ECS's
 * CreateCluster, Lightsail's CreateLoadBalancer): such a call bears on no control.
 */
export function fromUnwatchedService(r: CloudTrailRecord): boolean {
  const sources = WATCHED_SOURCES.get(r.eventName);
  return sources !== undefined && !sources.has(r.eventSource);
}

/** The last part of an ARN or queue URL (a name), or the value itself. */
const lastPart = (value: string, sep: string) => value.slice(value.lastIndexOf(sep) + 1);

/** The resource a store call acts on, or undefined for other calls. */
export function storeSubject(r: CloudTrailRecord, account: string): Subject | undefined {
  const store = STORES.find((s) => s.eventSource === r.eventSource && s.calls.includes(r.eventName));
  if (!store) return undefined;
  const req = r.requestParameters ?? {};
  const res = r.responseElements ?? {};
  const region = r.awsRegion;
  const p = partitionOf(region);
  const at = (obj: unknown, ...keys: string[]) =>
    keys.map((k) => str(field(obj, k))).find((v) => v !== undefined);
  const subject = (type: string, id: string, arn?: string) => makeSubject(account, region, type, id, arn);
  switch (store) {
    case EFS_FILE_SYSTEM: {
      const id = at(req, 'fileSystemId') ?? at(res, 'fileSystemId');
      if (!id) return undefined;
      const arn =
        at(res, 'fileSystemArn') ?? `arn:${p}:elasticfilesystem:${region}:${account}:file-system/${id}`;
      return subject('AWS::EFS::FileSystem', id, arn);
    }
    case SNS_TOPIC: {
      const name = at(req, 'name');
      const arn =
        at(req, 'topicArn') ?? at(res, 'topicArn') ?? (name && `arn:${p}:sns:${region}:${account}:${name}`);
      return arn ? subject('AWS::SNS::Topic', arn, arn) : undefined;
    }
    case SQS_QUEUE: {
      // SetQueueAttributes names the queue by URL (https://sqs.<region>.amazonaws.com/<account>/<name>)
      const url = at(req, 'queueUrl') ?? at(res, 'queueUrl');
      const name = at(req, 'queueName') ?? (url && lastPart(url, '/'));
      if (!name) return undefined;
      const owner = url?.split('/').at(-2);
      const queueAccount = owner && /^\d{12}$/.test(owner) ? owner : account;
      const id = url ?? `https://sqs.${region}.amazonaws.com/${queueAccount}/${name}`;
      return subject('AWS::SQS::Queue', id, `arn:${p}:sqs:${region}:${queueAccount}:${name}`);
    }
    case KINESIS_STREAM: {
      const given = at(req, 'streamARN') ?? at(req, 'streamName');
      if (!given) return undefined;
      const name = given.startsWith('arn:') ? lastPart(given, '/') : given;
      const arn = given.startsWith('arn:') ? given : `arn:${p}:kinesis:${region}:${account}:stream/${name}`;
      return subject('AWS::Kinesis::Stream', name, arn);
    }
    case SECRET: {
      // a secret's ARN ends in a random suffix: only the call's own ARN (or a secretId given as one) names it
      const given = at(req, 'secretId');
      const arn = at(res, 'arn') ?? (given?.startsWith('arn:') ? given : undefined);
      if (arn) return subject('AWS::SecretsManager::Secret', arn, arn);
      const name = given ?? at(req, 'name') ?? at(res, 'name');
      return name ? subject('AWS::SecretsManager::Secret', name) : undefined;
    }
    case EKS_CLUSTER: {
      const name = at(req, 'clusterName', 'name');
      if (!name) return undefined;
      const arn = at(field(res, 'cluster'), 'arn') ?? `arn:${p}:eks:${region}:${account}:cluster/${name}`;
      return subject('AWS::EKS::Cluster', name, arn);
    }
    default:
      return undefined;
  }
}
