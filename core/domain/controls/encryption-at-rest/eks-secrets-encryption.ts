/**
 * `eks-secrets-encryption`: EKS clusters envelope-encrypt Kubernetes secrets with a KMS key of the
 * account. Judged from the configuration item's `EncryptionConfig` (Config's AWS::EKS::Cluster; the
 * sweep writes DescribeCluster's answer in the same spelling): an entry whose `Resources` include
 * "secrets" with a provider key is compliant, none is not. Judged as well from CreateCluster (a cluster
 * created without it) and AssociateEncryptionConfig, of EKS only: CreateCluster is also Redshift's, ECS's
 * and MSK's.
 *
 * Test: test/core/domain/controls/encryption-at-rest/eks-secrets-encryption.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { field, list, str } from '../../facts-access';
import { compliant, nonCompliant } from '../../verdict';
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { resourceView, subjectOf } from '../setting-kit';
import { EKS_CLUSTER } from '../store-sources';

/** The KMS key that encrypts the cluster's secrets, from an encryption configuration list. */
const secretsKey = (config: unknown): string | undefined =>
  list(config)
    .filter((e) => list(field(e, 'resources')).some((r) => r === 'secrets'))
    .map((e) => str(field(e, 'provider', 'keyArn')))
    .find((k) => k !== undefined);

/** Judges `eks-secrets-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const eksSecretsEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, EKS_CLUSTER);
  if (!view) return undefined;
  const config = view.read('encryptionConfig');
  const key = secretsKey(config);
  const who = subjectOf(view, 'EKS cluster');
  return key
    ? compliant(`${who} encrypts Kubernetes secrets with KMS key ${key}`)
    : nonCompliant(`${who} does not encrypt Kubernetes secrets with a KMS key`);
};

/** `eks-secrets-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'eks-secrets-encryption',
  title: 'EKS clusters encrypt Kubernetes secrets with KMS',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  // neither is in the HIPAA pack; an account that deploys one has its verdicts mapped here
  configRules: ['eks-secrets-encrypted', 'eks-cluster-secrets-encrypted'],
  prowlerChecks: ['eks_cluster_kms_cmk_encryption_in_secrets_enabled'],
  cloudTrailEvents: [...EKS_CLUSTER.calls],
  resourceTypes: [...EKS_CLUSTER.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Encrypt secrets: aws eks associate-encryption-config --cluster-name <name> --encryption-config resources=secrets,provider={keyArn=<key>}.',
  evaluate: eksSecretsEncryption,
};
