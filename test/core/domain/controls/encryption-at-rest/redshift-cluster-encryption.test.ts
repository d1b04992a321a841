import { control } from '../../../../../core/domain/controls/encryption-at-rest/redshift-cluster-encryption';
import { configFacts } from '../../../../fixtures/builders';
import { redshiftCall, redshiftCluster } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'encrypted cluster CI',
    observation: fromFacts(configFacts('AWS::Redshift::Cluster', redshiftCluster())),
    status: 'COMPLIANT',
  },
  {
    name: 'unencrypted cluster CI',
    observation: fromFacts(configFacts('AWS::Redshift::Cluster', { ...redshiftCluster(), encrypted: false })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'CreateCluster without encryption',
    observation: fromFacts(
      redshiftCall('CreateCluster', { clusterIdentifier: 'claims-2', encrypted: false }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyCluster encrypting the cluster',
    observation: fromFacts(
      redshiftCall('ModifyCluster', { clusterIdentifier: 'claims-warehouse', encrypted: true }),
    ),
    status: 'COMPLIANT',
  },
]);
