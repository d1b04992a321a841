import { control } from '../../../../../core/domain/controls/encryption-at-rest/rds-storage-encryption';
import { setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'encrypted DB instance CI',
    observation: fixture('config-ci-rds-instance'),
    status: 'COMPLIANT',
  },
  {
    name: 'DB instance CI with storageEncrypted false',
    observation: fixture('config-ci-rds-instance', (d) => setAt(d, [...conf, 'storageEncrypted'], false)),
    status: 'NON_COMPLIANT',
  },
]);
