/**
 * `efs-encryption`: EFS file systems encrypt their data and metadata at rest. Judged from the
 * configuration item's `Encrypted` (Config's AWS::EFS::FileSystem, and the sweep's item from
 * DescribeFileSystems in the same spelling) and from CreateFileSystem, whose request's `encrypted` (or,
 * when the request leaves it out, the response's) says it. Encryption at rest is chosen at creation and
 * cannot be turned on later.
 *
 * Test: test/core/domain/controls/encryption-at-rest/efs-encryption.test.ts
 * Fixtures: test/fixtures/controls/stores.ts
 */
import { type Control, DAILY_FRESHNESS_HOURS, type Evaluator } from '../control';
import { flagVerdict, resourceView } from '../setting-kit';
import { EFS_FILE_SYSTEM } from '../store-sources';

const CREATE = { ...EFS_FILE_SYSTEM, calls: ['CreateFileSystem'] };

/** Judges `efs-encryption`: a verdict, or undefined when the facts do not bear on it. */
export const efsEncryption: Evaluator = (facts) => {
  const view = resourceView(facts, CREATE);
  if (!view) return undefined;
  // the API's default is an unencrypted file system: a request without the flag creates one
  const value = view.read('encrypted') ?? false;
  return flagVerdict(view, value, {
    noun: 'EFS file system',
    safe: true,
    on: 'is encrypted at rest',
    off: 'is not encrypted at rest',
  });
};

/** `efs-encryption` as the catalog lists it (collected by core/domain/controls/index.ts). */
export const control: Control = {
  id: 'efs-encryption',
  title: 'EFS file systems are encrypted at rest',
  family: 'encryption-at-rest',
  citations: ['164.312(a)(2)(iv)'],
  configRules: ['efs-encrypted-check'],
  prowlerChecks: ['efs_encryption_at_rest_enabled'],
  cloudTrailEvents: [...CREATE.calls],
  resourceTypes: [...EFS_FILE_SYSTEM.resourceTypes],
  freshnessHours: DAILY_FRESHNESS_HOURS,
  sweepCalls: [],
  remediation:
    'Create an encrypted file system (aws efs create-file-system --encrypted), copy the data over with DataSync and remount.',
  evaluate: efsEncryption,
};
