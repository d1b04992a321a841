import { control } from '../../../../../core/domain/controls/encryption-at-rest/dynamodb-table-encryption';
import { deleteAt, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture } from '../control-cases';

describeControl(control, [
  {
    name: 'table CI with KMS SSE ENABLED',
    observation: fixture('config-ci-dynamodb-table'),
    status: 'COMPLIANT',
  },
  {
    name: 'table CI without SSE description (AWS owned key)',
    observation: fixture('config-ci-dynamodb-table', (d) => deleteAt(d, [...conf, 'sSEDescription'])),
    status: 'COMPLIANT',
  },
  {
    name: 'table CI with SSE DISABLED',
    observation: fixture('config-ci-dynamodb-table', (d) =>
      setAt(d, [...conf, 'sSEDescription', 'status'], 'DISABLED'),
    ),
    status: 'NON_COMPLIANT',
  },
]);
