import {
  apiCall,
  complianceChange,
  configItemChange,
  type Identity,
  type Where,
} from '../../cli/demo/events';

export const where: Where = { account: '444455556666', region: 'eu-west-1' };
export const operator: Identity = { type: 'IAMUser', name: 'test.operator' };

export function logGroupItem(name: string, time: string, retentionInDays?: number) {
  return logGroupItemIn(where, name, time, retentionInDays);
}

/** A log group's configuration item in another account or region. */
export function logGroupItemIn(at: Where, name: string, time: string, retentionInDays?: number) {
  return configItemChange(at, time, {
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: name,
    arn: `arn:aws:logs:${at.region}:${at.account}:log-group:${name}:*`,
    configuration: { logGroupName: name, ...(retentionInDays === undefined ? {} : { retentionInDays }) },
  });
}

export function retentionCall(name: string, time: string, days: number) {
  return apiCall(where, time, operator, {
    eventSource: 'logs.amazonaws.com',
    eventName: 'PutRetentionPolicy',
    requestParameters: { logGroupName: name, retentionInDays: days },
  });
}

export function ruleResult(rule: string, resourceId: string, time: string, compliance: string) {
  return complianceChange(where, time, {
    name: rule,
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    compliance,
  });
}

export const logGroupArn = (name: string) =>
  `arn:aws:logs:${where.region}:${where.account}:log-group:${name}`;
