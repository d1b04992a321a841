import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  ALIAS_PARTITIONS,
  BY_DAY_INDEX,
  BY_RECORDED_TIME_INDEX,
} from '../core/adapters/dynamodb/table-schema';
import { exportBundledFiles } from './bundling';
import { EvidenceFunction } from './evidence-function';
import type { EvidencePipelineProps } from './evidence-pipeline';
import { acknowledgeSynchronousFunction } from './function-findings';

/** The export (evidence binder) handler shipped with this project. */
export const DEFAULT_EXPORT_ENTRY = fileURLToPath(new URL('../lambdas/export.ts', import.meta.url));

/** Key prefix of exported binders in the binder bucket. */
export const BINDER_PREFIX = 'binders/';
/** Where uploaded documents live in the binder bucket (the S3 document store's default prefix). */
export const DOCUMENTS_PREFIX = 'documents/';

/** A binder export streams the period twice and writes the PDF: give it Lambda's longest run. */
const EXPORT_TIMEOUT = Duration.minutes(15);

/** Properties of {@link binderExport}: the pipeline's export props and what the export reads. */
export interface BinderExportProps
  extends Pick<
    EvidencePipelineProps,
    | 'binderRetentionYears'
    | 'exportEntry'
    | 'exportReservedConcurrency'
    | 'tracing'
    | 'logRetention'
    | 'vpc'
    | 'vpcSubnets'
  > {
  /** The pipeline key: the binder bucket (SSE-KMS), the table items read, the log group. */
  readonly key: kms.Key;
  /** The evidence table the binder is read from. */
  readonly table: dynamodb.ITable;
}

/** What {@link binderExport} creates; see the members of the same names on `EvidencePipeline`. */
export interface BinderExport {
  readonly binderBucket: s3.Bucket;
  readonly binderAccessLogBucket: s3.Bucket;
  readonly binderSigningKey: kms.Key;
  readonly exportFunction: EvidenceFunction;
}

/**
 * The binder export, added to `scope` (the pipeline): the Object Lock binder bucket (COMPLIANCE mode,
 * default retention `binderRetentionYears`) with its access-log bucket, the Ed25519 signing key, and the
 * export function, which reads the evidence table, signs the manifest and writes the binder under
 * {@link BINDER_PREFIX}, reading uploaded documents from {@link DOCUMENTS_PREFIX}.
 */
export function binderExport(scope: Construct, props: BinderExportProps): BinderExport {
  const retentionYears = props.binderRetentionYears ?? 6;
  const accessLogBucket = new s3.Bucket(scope, 'BinderAccessLogBucket', {
    // S3 server access log delivery does not support SSE-KMS destinations.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const bucket = new s3.Bucket(scope, 'BinderBucket', {
    ...kmsBucketProps(props.key),
    objectLockEnabled: true,
    serverAccessLogsBucket: accessLogBucket,
    serverAccessLogsPrefix: 'binder-bucket/',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Whole years (not CDK's day count): S3 then honours leap days, and the template reads as the rule.
  (bucket.node.defaultChild as s3.CfnBucket).objectLockConfiguration = {
    objectLockEnabled: 'Enabled',
    rule: { defaultRetention: { mode: 'COMPLIANCE', years: retentionYears } },
  };
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Binders are immutable (Object Lock COMPLIANCE, versioning) and can be regenerated from the evidence ' +
        'table at any time; a cross-region copy needs a destination bucket and key in another region, which ' +
        'belong to the account owner disaster-recovery design, not to this construct.',
    },
  ]);
  NagSuppressions.addResourceSuppressions(accessLogBucket, [
    {
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log destination of the binder bucket; logging it to itself would loop and ' +
        'another log bucket would only move the finding.',
    },
    {
      id: 'HIPAA.Security-S3BucketLoggingEnabled',
      reason:
        'This is the access-log destination of the binder bucket; logging it to itself would loop and ' +
        'another log bucket would only move the finding.',
    },
    {
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason:
        'S3 server access log delivery supports only SSE-S3 (AES-256) on the destination bucket, not SSE-KMS; ' +
        'the logs hold request metadata, never binder content.',
    },
    {
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Access logs of the binder bucket are versioned and retained; cross-region copies belong to the ' +
        'account owner disaster-recovery design.',
    },
  ]);

  const signingKey = binderSigningKey(scope);

  const exportFunction = new EvidenceFunction(scope, 'Export', {
    entry: props.exportEntry ?? DEFAULT_EXPORT_ENTRY,
    description: 'Exports the HIPAA evidence binder of a period to the Object Lock binder bucket',
    encryptionKey: props.key,
    timeout: EXPORT_TIMEOUT,
    memorySize: 1024,
    // a one-shot export's work folder holds about 7.2 KB a record (docs/scale.md): Lambda's most, 10 GB,
    // is about 1.4 million records; longer periods go to the sharded export
    ephemeralStorageMb: 10240,
    reservedConcurrentExecutions: props.exportReservedConcurrency ?? 2,
    tracing: props.tracing,
    logRetention: props.logRetention,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    bundledFiles: exportBundledFiles(),
    environment: {
      TABLE_NAME: props.table.tableName,
      BINDER_BUCKET: bucket.bucketName,
      BUCKET_KEY_ARN: props.key.keyArn,
      SIGNING_KEY_ARN: signingKey.keyArn,
      // uploaded documents (`evidence upload --documents-bucket`) live in the same Object Lock bucket
      DOCUMENTS_BUCKET: bucket.bucketName,
      DOCUMENTS_PREFIX: DOCUMENTS_PREFIX,
      POWERTOOLS_SERVICE_NAME: 'evidence-export',
      LOG_LEVEL: 'INFO',
    },
  });
  // The reader: chain heads by Scan (one item kind), chains and checkpoints by Query, the period by
  // Query on byDay, each checkpointed day's leaves (inclusion proofs) by Query on byRecordedTime.
  exportFunction.grantTableItemAccess(
    props.table,
    [BY_DAY_INDEX.name, BY_RECORDED_TIME_INDEX.name],
    ['dynamodb:Query'],
  );
  exportFunction.grantTableItemAccess(props.table, [], ['dynamodb:Scan']);
  // the IAM aliases of identities stored under their unique id (read-period.ts resolves them by key)
  exportFunction.grantTableItemAccess(props.table, [], ['dynamodb:BatchGetItem'], {
    leadingKeys: ALIAS_PARTITIONS,
  });
  // Decrypt: table items; Encrypt / GenerateDataKey: SSE-KMS uploads (multipart parts too).
  exportFunction.grantKeyUse(props.key, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  const binders = bucket.arnForObjects(`${BINDER_PREFIX}*`);
  const documents = bucket.arnForObjects(`${DOCUMENTS_PREFIX}*`);
  exportFunction.addToPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Sign', 'kms:GetPublicKey'],
      resources: [signingKey.keyArn],
    }),
    // PutObject covers CreateMultipartUpload / UploadPart / CompleteMultipartUpload; a failed upload is
    // aborted. GetObject only so the presigned link (signed by this role) downloads.
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'],
      resources: [binders],
    }),
    // uploaded documents are read into the binder, never written or deleted by the function
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [documents] }),
  );
  NagSuppressions.addResourceSuppressions(exportFunction.policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        `Objects are written and read only under the bucket's ${BINDER_PREFIX} prefix, one key per export ` +
        '(binders/<from>_<to>/<generatedAt>/...), so the object ARN needs a wildcard after that prefix.',
      appliesTo: [
        `Resource::<${Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${BINDER_PREFIX}*`,
      ],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason:
        `Uploaded documents are read (never written) under the bucket's ${DOCUMENTS_PREFIX} prefix, one key per ` +
        'document hash (documents/sha256/<hash>), so the object ARN needs a wildcard after that prefix.',
      appliesTo: [
        `Resource::<${Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${DOCUMENTS_PREFIX}*`,
      ],
    },
  ]);
  acknowledgeSynchronousFunction(exportFunction, {
    inVpc: props.vpc !== undefined,
    dlqReason:
      'The function is invoked synchronously (RequestResponse) by the CLI and IAM-authorised callers, who ' +
      'receive any error directly; a function DLQ applies to asynchronous invocations only.',
    reaches: 'AWS APIs (DynamoDB, KMS, S3, CloudWatch Logs) over TLS with IAM authentication',
  });
  return {
    binderBucket: bucket,
    binderAccessLogBucket: accessLogBucket,
    binderSigningKey: signingKey,
    exportFunction,
  };
}

/**
 * What every bucket of the pipeline that holds evidence has: SSE-KMS with `key` (S3 Bucket Keys),
 * TLS only, public access blocked, ACLs off, versioned.
 */
export function kmsBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
  };
}

/**
 * The asymmetric key (construct id `BinderSigningKey`, Ed25519, SIGN_VERIFY, kept on stack deletion) that
 * signs binder manifests and the daily checkpoints; its private key never leaves KMS.
 */
function binderSigningKey(scope: Construct): kms.Key {
  const signingKey = new kms.Key(scope, 'BinderSigningKey', {
    description: 'HIPAA evidence pipeline: signs binder manifests (Ed25519)',
    keyUsage: kms.KeyUsage.SIGN_VERIFY,
    // Ed25519 has no CDK KeySpec member (yet): set on the L1 below.
    keySpec: kms.KeySpec.ECC_NIST_P256,
    enableKeyRotation: false,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
  (signingKey.node.defaultChild as kms.CfnKey).keySpec = 'ECC_NIST_EDWARDS25519';
  NagSuppressions.addResourceSuppressions(signingKey, [
    {
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate asymmetric keys. The signing key is long-lived on purpose: binders are verified ' +
        'against its public key for years; to replace it, create a new key and keep the old one for verifying.',
    },
    {
      id: 'HIPAA.Security-KMSBackingKeyRotationEnabled',
      reason:
        'KMS cannot rotate asymmetric keys. The signing key is long-lived on purpose: binders are verified ' +
        'against its public key for years; to replace it, create a new key and keep the old one for verifying.',
    },
  ]);
  return signingKey;
}

/**
 * Lets `grantee` keep documents as evidence with `evidence upload --documents-bucket <binder bucket>`:
 * put and get objects under {@link DOCUMENTS_PREFIX} (Object Lock keeps them), with data-key use of `key`.
 */
export function grantDocumentUpload(grantee: iam.IGrantable, bucket: s3.IBucket, key: kms.IKey): iam.Grant {
  const put = iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:PutObject', 's3:GetObject'],
    resourceArns: [bucket.arnForObjects(`${DOCUMENTS_PREFIX}*`)],
  });
  key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  return put;
}

/** Lets `grantee` invoke the export function: `lambda:InvokeFunction` on it, nothing else. */
export function grantExportInvoke(grantee: iam.IGrantable, exportFunction: EvidenceFunction): iam.Grant {
  // Only the unqualified function: grantInvoke would add `<arn>:*` (every version and alias) too.
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['lambda:InvokeFunction'],
    resourceArns: [exportFunction.function.functionArn],
  });
}
