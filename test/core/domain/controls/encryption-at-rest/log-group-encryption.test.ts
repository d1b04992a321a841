import { control } from '../../../../../core/domain/controls/encryption-at-rest/log-group-encryption';
import { apiCallFacts, deleteAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'log group CI with kmsKeyId',
    observation: fixture('config-ci-log-group'),
    status: 'COMPLIANT',
  },
  {
    name: 'log group CI without kmsKeyId',
    observation: fixture('config-ci-log-group', (d) => deleteAt(d, [...conf, 'kmsKeyId'])),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'AssociateKmsKey',
    observation: fromFacts(apiCallFacts('AssociateKmsKey')),
    status: 'COMPLIANT',
  },
  {
    name: 'DisassociateKmsKey',
    observation: fromFacts(apiCallFacts('DisassociateKmsKey')),
    status: 'NON_COMPLIANT',
  },
]);
