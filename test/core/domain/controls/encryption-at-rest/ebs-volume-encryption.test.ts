import { control } from '../../../../../core/domain/controls/encryption-at-rest/ebs-volume-encryption';
import { setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'encrypted volume CI',
    observation: fixture('config-ci-ebs-volume'),
    status: 'COMPLIANT',
  },
  {
    name: 'unencrypted volume CI',
    observation: fixture('config-ci-ebs-volume', (d) => setAt(d, [...conf, 'encrypted'], false)),
    status: 'NON_COMPLIANT',
  },
]);
