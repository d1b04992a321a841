import { control } from '../../../../../core/domain/controls/encryption-at-rest/cloudtrail-encryption';
import { deleteAt, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'trail CI with kmsKeyId',
    observation: fixture('config-ci-cloudtrail-trail'),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI without kmsKeyId',
    observation: fixture('config-ci-cloudtrail-trail', (d) => deleteAt(d, [...conf, 'kmsKeyId'])),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'UpdateTrail response with kmsKeyId',
    observation: fixture('ct-update-trail'),
    status: 'COMPLIANT',
  },
  {
    name: 'UpdateTrail that removes the key (kmsKeyId "")',
    observation: fixture('ct-update-trail', (d) => {
      setAt(d, ['detail', 'requestParameters'], { name: 'org-audit-trail', kmsKeyId: '' });
      deleteAt(d, ['detail', 'responseElements', 'kmsKeyId']);
    }),
    status: 'NON_COMPLIANT',
  },
]);
