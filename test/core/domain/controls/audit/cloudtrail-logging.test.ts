import { control } from '../../../../../core/domain/controls/audit/cloudtrail-logging';
import { configFacts } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'StartLogging',
    observation: fixture('ct-start-logging'),
    status: 'COMPLIANT',
  },
  {
    name: 'StopLogging',
    observation: fixture('ct-stop-logging'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteTrail',
    observation: fixture('ct-delete-trail'),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'trail CI with TrailStatus.isLogging true',
    observation: fromFacts(configFacts('AWS::CloudTrail::Trail', {}, { TrailStatus: { isLogging: true } })),
    status: 'COMPLIANT',
  },
  {
    name: 'trail CI with isLogging false',
    observation: fromFacts(configFacts('AWS::CloudTrail::Trail', { isLogging: false })),
    status: 'NON_COMPLIANT',
  },
]);
