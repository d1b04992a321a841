import { control } from '../../../../../core/domain/controls/access/iam-access-keys';
import { iamUserDetail, observeSweep } from '../../../../fixtures/sweep-builders';
import { describeControl } from '../control-cases';

describeControl(control, [
  {
    name: 'swept user whose active key is recent and used',
    observation: () =>
      observeSweep(
        iamUserDetail({
          accessKeys: [
            { id: 'AKIA…AAAA', status: 'Active', createdOn: '2026-10-01', lastUsedOn: '2026-11-20' },
          ],
        }),
      ),
    status: 'COMPLIANT',
  },
  {
    name: 'swept user whose active key is older than 90 days',
    observation: () =>
      observeSweep(
        iamUserDetail({
          accessKeys: [
            { id: 'AKIA…AAAA', status: 'Active', createdOn: '2026-08-01', lastUsedOn: '2026-11-20' },
          ],
        }),
      ),
    status: 'NON_COMPLIANT',
  },
]);
