import { control } from '../../../../../core/domain/controls/audit/cloudtrail-multi-region';
import { apiCallFacts, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'multi-region trail CI',
    observation: fixture('config-ci-cloudtrail-trail'),
    status: 'COMPLIANT',
  },
  {
    name: 'single-region trail CI',
    observation: fixture('config-ci-cloudtrail-trail', (d) =>
      setAt(d, [...conf, 'isMultiRegionTrail'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateTrail without isMultiRegionTrail in request or response',
    observation: fromFacts(
      apiCallFacts('CreateTrail', { requestParameters: { name: 't', s3BucketName: 'b' } }),
    ),
    status: 'NON_COMPLIANT',
  },
]);
