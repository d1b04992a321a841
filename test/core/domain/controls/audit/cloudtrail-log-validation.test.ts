import { control } from '../../../../../core/domain/controls/audit/cloudtrail-log-validation';
import { apiCallFacts, setAt } from '../../../../fixtures/builders';
import { conf, describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'UpdateTrail response with validation on',
    observation: fixture('ct-update-trail'),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI with validation off',
    observation: fixture('config-ci-cloudtrail-trail', (d) =>
      setAt(d, [...conf, 'logFileValidationEnabled'], false),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateTrail request with enableLogFileValidation true',
    observation: fromFacts(
      apiCallFacts('CreateTrail', { requestParameters: { name: 't', enableLogFileValidation: true } }),
    ),
    status: 'COMPLIANT',
  },
]);
