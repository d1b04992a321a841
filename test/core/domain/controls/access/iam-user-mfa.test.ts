import { control } from '../../../../../core/domain/controls/access/iam-user-mfa';
import { apiCallFacts } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'IAM user sign-in with MFA',
    observation: fixture('signin-iam-user-mfa'),
    status: 'COMPLIANT',
  },
  {
    name: 'IAM user sign-in without MFA',
    observation: fixture('signin-iam-user-no-mfa'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'EnableMFADevice',
    observation: fromFacts(apiCallFacts('EnableMFADevice')),
    status: 'COMPLIANT',
  },
]);
