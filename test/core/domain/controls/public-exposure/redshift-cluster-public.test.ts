import { control } from '../../../../../core/domain/controls/public-exposure/redshift-cluster-public';
import { configFacts } from '../../../../fixtures/builders';
import { redshiftCall, redshiftCluster } from '../../../../fixtures/controls/databases';
import { describeControl, fromFacts } from '../control-cases';

describeControl(control, [
  {
    name: 'private cluster CI',
    observation: fromFacts(configFacts('AWS::Redshift::Cluster', redshiftCluster())),
    status: 'COMPLIANT',
  },
  {
    name: 'publicly accessible cluster CI',
    observation: fromFacts(
      configFacts('AWS::Redshift::Cluster', { ...redshiftCluster(), publiclyAccessible: true }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'ModifyCluster making the cluster public',
    observation: fromFacts(
      redshiftCall('ModifyCluster', { clusterIdentifier: 'claims-warehouse', publiclyAccessible: true }),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'RestoreFromClusterSnapshot whose restored cluster is private',
    observation: fromFacts(
      redshiftCall(
        'RestoreFromClusterSnapshot',
        { clusterIdentifier: 'claims-restored', snapshotIdentifier: 'nightly' },
        { clusterIdentifier: 'claims-restored', publiclyAccessible: false },
      ),
    ),
    status: 'COMPLIANT',
  },
]);
