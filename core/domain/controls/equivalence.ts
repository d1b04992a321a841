/**
 * How the catalog compares with the two lists an auditor holds it against: the rules of AWS Config's
 * "Operational Best Practices for HIPAA Security" conformance pack and the checks of Prowler's HIPAA
 * framework for AWS. Each rule and check is either named by a control (`configRules`,
 * `prowlerChecks`) or listed here: `excluded` when configuration cannot evidence it (a process check),
 * with the reason; `backlog` when it is a configuration safeguard the catalog does not evidence yet,
 * with the family its control belongs to. The corpus run (scripts/corpus.ts) reads the current pack
 * and Prowler mapping and fails on any rule or check in neither place, or listed here while mapped.
 */
import { CONTROLS } from '.';
import type { Control, ControlFamily } from './control';

/** Why a rule or check has no control. */
export type Unmapped =
  | { kind: 'excluded'; reason: string }
  /** `hardening`: patching and managed-instance checks (protection from malicious software) */
  | { kind: 'backlog'; family: ControlFamily | 'hardening' };

/** AWS Config managed rules of the HIPAA conformance pack that no control names. */
export const CONFIG_RULES_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  'alb-waf-enabled': { kind: 'backlog', family: 'transmission' },
  'annual-risk-assessment-performed': {
    kind: 'excluded',
    reason:
      'a process check: the risk analysis is a document (164.308(a)(1)(ii)(A)), evidenced by an upload, not by configuration',
  },
  'api-gw-associated-with-waf': { kind: 'backlog', family: 'transmission' },
  // the *-in-backup-plan and *-protected-by-backup-plan rules ask whether a backup plan selects the
  // resource; AWS Backup's ListProtectedResources lists resources that have a recovery point, which is
  // not the same (a one-off backup counts, a new selection not yet run does not): not yet evidenced
  'aurora-resources-protected-by-backup-plan': { kind: 'backlog', family: 'contingency' },
  'autoscaling-group-elb-healthcheck-required': { kind: 'backlog', family: 'contingency' },
  'autoscaling-launch-config-public-ip-disabled': { kind: 'backlog', family: 'public-exposure' },
  'backup-recovery-point-encrypted': { kind: 'backlog', family: 'contingency' },
  'cloudwatch-alarm-action-check': { kind: 'backlog', family: 'threat-detection' },
  'codebuild-project-envvar-awscred-check': { kind: 'backlog', family: 'hardening' },
  'codebuild-project-source-repo-url-check': { kind: 'backlog', family: 'hardening' },
  'dms-replication-not-public': { kind: 'backlog', family: 'public-exposure' },
  'dynamodb-autoscaling-enabled': { kind: 'backlog', family: 'contingency' },
  'dynamodb-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'dynamodb-throughput-limit-check': { kind: 'backlog', family: 'contingency' },
  'ebs-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'ec2-imdsv2-check': { kind: 'backlog', family: 'public-exposure' },
  'ec2-instance-managed-by-systems-manager': { kind: 'backlog', family: 'hardening' },
  'ec2-instance-profile-attached': { kind: 'backlog', family: 'access' },
  'ec2-instances-in-vpc': { kind: 'backlog', family: 'public-exposure' },
  'ec2-managedinstance-association-compliance-status-check': { kind: 'backlog', family: 'hardening' },
  'ec2-managedinstance-patch-compliance-status-check': { kind: 'backlog', family: 'hardening' },
  'ec2-resources-protected-by-backup-plan': { kind: 'backlog', family: 'contingency' },
  'ec2-stopped-instance': { kind: 'backlog', family: 'hardening' },
  'ecs-containers-readonly-access': { kind: 'backlog', family: 'hardening' },
  'ecs-task-definition-user-for-host-mode-check': { kind: 'backlog', family: 'hardening' },
  // not efs-backup-policy's: it passes a file system any backup plan selects, with its backup policy off
  'efs-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'elastic-beanstalk-managed-updates-enabled': { kind: 'backlog', family: 'hardening' },
  'elb-cross-zone-load-balancing-enabled': { kind: 'backlog', family: 'contingency' },
  'emr-kerberos-enabled': { kind: 'backlog', family: 'access' },
  'emr-master-no-public-ip': { kind: 'backlog', family: 'public-exposure' },
  'iam-customer-policy-blocked-kms-actions': { kind: 'backlog', family: 'integrity' },
  'iam-inline-policy-blocked-kms-actions': { kind: 'backlog', family: 'integrity' },
  'internet-gateway-authorized-vpc-only': { kind: 'backlog', family: 'public-exposure' },
  'no-unrestricted-route-to-igw': { kind: 'backlog', family: 'public-exposure' },
  'rds-automatic-minor-version-upgrade-enabled': { kind: 'backlog', family: 'hardening' },
  'rds-in-backup-plan': { kind: 'backlog', family: 'contingency' },
  'redshift-cluster-maintenancesettings-check': { kind: 'backlog', family: 'hardening' },
  's3-bucket-acl-prohibited': { kind: 'backlog', family: 'public-exposure' },
  's3-event-notifications-enabled': { kind: 'backlog', family: 'threat-detection' },
  's3-version-lifecycle-policy-check': { kind: 'backlog', family: 'integrity' },
  'ssm-document-not-public': { kind: 'backlog', family: 'public-exposure' },
  'subnet-auto-assign-public-ip-disabled': { kind: 'backlog', family: 'public-exposure' },
  'vpc-default-security-group-closed': { kind: 'backlog', family: 'public-exposure' },
  'vpc-vpn-2-tunnels-up': { kind: 'backlog', family: 'contingency' },
  'wafv2-logging-enabled': { kind: 'backlog', family: 'audit' },
};

/** Prowler HIPAA check ids that no control names. */
export const PROWLER_CHECKS_UNMAPPED: Readonly<Record<string, Unmapped>> = {
  cloudwatch_changes_route_table_monitored: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_network_acls_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_network_gateways_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  cloudwatch_changes_to_vpcs_alarm_configured: { kind: 'backlog', family: 'threat-detection' },
  dynamodb_accelerator_cluster_encryption_enabled: { kind: 'backlog', family: 'encryption-at-rest' },
  ec2_instance_managed_by_ssm: { kind: 'backlog', family: 'hardening' },
  ec2_instance_older_than_specific_days: { kind: 'backlog', family: 'hardening' },
  emr_cluster_master_nodes_no_public_ip: { kind: 'backlog', family: 'public-exposure' },
  iam_aws_attached_policy_no_administrative_privileges: { kind: 'backlog', family: 'access' },
  ssm_managed_compliant_patching: { kind: 'backlog', family: 'hardening' },
};

/** How one list (the pack's rules or Prowler's checks) stands against the catalog. */
export interface EquivalenceCount {
  total: number;
  /** names some control lists */
  mapped: number;
  excluded: number;
  backlog: number;
  /** in the list, but neither mapped nor listed as unmapped: the catalog must say something of them */
  unaccounted: string[];
  /** listed as unmapped although a control names them: the list is out of date */
  stale: string[];
}

function count(
  names: readonly string[],
  mappedBy: (c: Control) => readonly string[],
  unmapped: Readonly<Record<string, Unmapped>>,
  controls: readonly Control[],
): EquivalenceCount {
  const mapped = new Set(controls.flatMap(mappedBy));
  const unique = [...new Set(names)];
  const listed = (n: string) => Object.hasOwn(unmapped, n);
  return {
    total: unique.length,
    mapped: unique.filter((n) => mapped.has(n)).length,
    excluded: unique.filter((n) => !mapped.has(n) && unmapped[n]?.kind === 'excluded').length,
    backlog: unique.filter((n) => !mapped.has(n) && unmapped[n]?.kind === 'backlog').length,
    unaccounted: unique.filter((n) => !mapped.has(n) && !listed(n)).sort(),
    stale: Object.keys(unmapped)
      .filter((n) => mapped.has(n))
      .sort(),
  };
}

/** The catalog against the pack's current rule names and Prowler's current HIPAA check ids. */
export function equivalence(
  packRules: readonly string[],
  prowlerChecks: readonly string[],
  controls: readonly Control[] = CONTROLS,
): { configRules: EquivalenceCount; prowlerChecks: EquivalenceCount } {
  return {
    configRules: count(packRules, (c) => c.configRules, CONFIG_RULES_UNMAPPED, controls),
    prowlerChecks: count(prowlerChecks, (c) => c.prowlerChecks ?? [], PROWLER_CHECKS_UNMAPPED, controls),
  };
}
