/** ARNs for the resource types the catalog knows, so Config and CloudTrail evidence share one chain. */

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Removes spelling differences between the ARNs Config and CloudTrail report for one resource. */
export function canonicalArn(arn: string): string {
  // Config reports log group ARNs with a trailing ":*"
  return arn.replace(/^(arn:[^:]+:logs:[^:]*:\d{12}:log-group:.+?):\*$/, '$1');
}

/**
 * The ARN of a resource from its type and id where AWS's ARN format lets us derive it; undefined where
 * the id is not the name in the ARN (RDS DbiResourceId, IAM unique ids) or the type is unknown.
 */
export function deriveArn(
  resourceType: string,
  resourceId: string,
  accountId: string,
  region: string,
): string | undefined {
  if (resourceId.startsWith('arn:')) return canonicalArn(resourceId);
  const p = partitionOf(region === 'global' ? 'us-east-1' : region);
  switch (resourceType) {
    case 'AWS::S3::Bucket':
      return `arn:${p}:s3:::${resourceId}`;
    case 'AWS::EC2::Volume':
      return `arn:${p}:ec2:${region}:${accountId}:volume/${resourceId}`;
    case 'AWS::DynamoDB::Table':
      return `arn:${p}:dynamodb:${region}:${accountId}:table/${resourceId}`;
    case 'AWS::Logs::LogGroup':
      return `arn:${p}:logs:${region}:${accountId}:log-group:${resourceId}`;
    case 'AWS::CloudTrail::Trail':
      return `arn:${p}:cloudtrail:${region}:${accountId}:trail/${resourceId}`;
    case 'AWS::KMS::Key':
      return `arn:${p}:kms:${region}:${accountId}:key/${resourceId}`;
    case 'AWS::EC2::Snapshot':
      return `arn:${p}:ec2:${region}:${accountId}:snapshot/${resourceId}`;
    case 'AWS::EC2::SecurityGroup':
      return `arn:${p}:ec2:${region}:${accountId}:security-group/${resourceId}`;
    case 'AWS::EC2::NetworkAcl':
      return `arn:${p}:ec2:${region}:${accountId}:network-acl/${resourceId}`;
    case 'AWS::EC2::Instance':
      return `arn:${p}:ec2:${region}:${accountId}:instance/${resourceId}`;
    // threat detection: a VPC and a flow log, named by a CloudTrail call, the sweep or Config alike
    case 'AWS::EC2::VPC':
      return `arn:${p}:ec2:${region}:${accountId}:vpc/${resourceId}`;
    case 'AWS::EC2::FlowLog':
      return `arn:${p}:ec2:${region}:${accountId}:vpc-flow-log/${resourceId}`;
    case 'AWS::Lambda::Function':
      return `arn:${p}:lambda:${region}:${accountId}:function:${resourceId}`;
    case 'AWS::RDS::DBSnapshot':
      return `arn:${p}:rds:${region}:${accountId}:snapshot:${resourceId}`;
    case 'AWS::RDS::DBClusterSnapshot':
      return `arn:${p}:rds:${region}:${accountId}:cluster-snapshot:${resourceId}`;
    // search and machine learning: a domain's id is `<account>/<name>`; SageMaker lower-cases its ARNs
    case 'AWS::OpenSearch::Domain':
    case 'AWS::Elasticsearch::Domain':
      return `arn:${p}:es:${region}:${accountId}:domain/${resourceId.split('/').pop()}`;
    case 'AWS::SageMaker::NotebookInstance':
      return `arn:${p}:sagemaker:${region}:${accountId}:notebook-instance/${resourceId.toLowerCase()}`;
    case 'AWS::SageMaker::EndpointConfig':
      return `arn:${p}:sagemaker:${region}:${accountId}:endpoint-config/${resourceId.toLowerCase()}`;
    case 'AWS::::Account':
      return `arn:${p}:iam::${accountId}:root`;
    default:
      return undefined;
  }
}
