import { control } from '../../../../../core/domain/controls/access/root-account-use';
import { observeSweep } from '../../../../fixtures/sweep-builders';
import { describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'root console sign-in',
    observation: fixture('signin-root'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'root creates its own access key',
    observation: fixture('ct-create-access-key-root'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept root user with MFA and no active access keys',
    observation: () => observeSweep({ kind: 'iam-root', mfaActive: true, activeAccessKeys: 0 }),
    status: 'COMPLIANT',
  },
  {
    name: 'swept root user with an active access key',
    observation: () => observeSweep({ kind: 'iam-root', mfaActive: true, activeAccessKeys: 1 }),
    status: 'NON_COMPLIANT',
  },
]);
