import { control } from '../../../../../core/domain/controls/encryption-at-rest/s3-bucket-encryption';
import { apiCallFacts, deleteAt } from '../../../../fixtures/builders';
import { describeControl, fixture, fromFacts, supp } from '../control-cases';

describeControl(control, [
  {
    name: 'bucket CI with aws:kms default encryption',
    observation: fixture('config-ci-s3-bucket'),
    status: 'COMPLIANT',
  },
  {
    name: 'bucket CI without ServerSideEncryptionConfiguration',
    observation: fixture('config-ci-s3-bucket', (d) =>
      deleteAt(d, [...supp, 'ServerSideEncryptionConfiguration']),
    ),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'PutBucketEncryption with a single Rule object',
    observation: fromFacts(
      apiCallFacts('PutBucketEncryption', {
        requestParameters: {
          bucketName: 'b',
          ServerSideEncryptionConfiguration: {
            Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          },
        },
      }),
    ),
    status: 'COMPLIANT',
  },
  {
    name: 'DeleteBucketEncryption',
    observation: fromFacts(apiCallFacts('DeleteBucketEncryption')),
    status: 'NON_COMPLIANT',
  },
]);
