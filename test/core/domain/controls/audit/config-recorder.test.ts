import { control } from '../../../../../core/domain/controls/audit/config-recorder';
import { apiCallFacts } from '../../../../fixtures/builders';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'StartConfigurationRecorder',
    observation: fromFacts(apiCallFacts('StartConfigurationRecorder')),
    status: 'COMPLIANT',
  },
  {
    name: 'StopConfigurationRecorder',
    observation: fromFacts(apiCallFacts('StopConfigurationRecorder')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'DeleteConfigurationRecorder',
    observation: fromFacts(apiCallFacts('DeleteConfigurationRecorder')),
    status: 'NON_COMPLIANT',
  },
]);
