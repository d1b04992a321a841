/**
 * Builders of AWS events in their documented formats (EventBridge envelopes around Config
 * notifications and CloudTrail records). Used by the demo and the benchmark; every id is made here.
 */
import { createHash } from 'node:crypto';

export interface Where {
  account: string;
  region: string;
}

/** A deterministic UUID-shaped id, so the same scenario always produces the same events. */
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function envelope(
  detailType: string,
  source: string,
  where: Where,
  time: string,
  detail: unknown,
  resources: string[] = [],
) {
  return {
    version: '0',
    id: uuidFrom(`${detailType}|${time}|${JSON.stringify(detail)}`),
    'detail-type': detailType,
    source,
    account: where.account,
    time: time.replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources,
    detail,
  };
}

export function configItemChange(
  where: Where,
  time: string,
  item: {
    resourceType: string;
    resourceId: string;
    resourceName?: string;
    arn: string;
    configuration: Record<string, unknown>;
    supplementaryConfiguration?: Record<string, unknown>;
    tags?: Record<string, string>;
    status?: string;
    changeType?: 'CREATE' | 'UPDATE' | 'DELETE';
  },
) {
  return envelope(
    'Config Configuration Item Change',
    'aws.config',
    where,
    time,
    {
      recordVersion: '1.3',
      messageType: 'ConfigurationItemChangeNotification',
      configurationItemDiff: { changedProperties: {}, changeType: item.changeType ?? 'UPDATE' },
      notificationCreationTime: time,
      configurationItem: {
        relatedEvents: [],
        relationships: [],
        configuration: item.configuration,
        supplementaryConfiguration: item.supplementaryConfiguration ?? {},
        tags: item.tags ?? {},
        configurationItemVersion: '1.3',
        configurationItemCaptureTime: time,
        configurationStateId: Date.parse(time),
        awsAccountId: where.account,
        configurationItemStatus: item.status ?? 'OK',
        resourceType: item.resourceType,
        resourceId: item.resourceId,
        resourceName: item.resourceName ?? item.resourceId,
        ARN: item.arn,
        awsRegion: where.region,
        availabilityZone: 'Regional',
        configurationStateMd5Hash: '',
      },
    },
    [item.arn],
  );
}

export function complianceChange(
  where: Where,
  time: string,
  rule: {
    name: string;
    resourceType: string;
    resourceId: string;
    compliance: string;
    previous?: string;
    annotation?: string;
  },
) {
  const evaluation = (complianceType: string, at: string) => ({
    evaluationResultIdentifier: {
      evaluationResultQualifier: {
        configRuleName: rule.name,
        resourceType: rule.resourceType,
        resourceId: rule.resourceId,
      },
      orderingTimestamp: at,
    },
    complianceType,
    resultRecordedTime: at,
    configRuleInvokedTime: at,
    ...(rule.annotation && complianceType === rule.compliance ? { annotation: rule.annotation } : {}),
  });
  const earlier = new Date(Date.parse(time) - 86_400_000).toISOString();
  return envelope('Config Rules Compliance Change', 'aws.config', where, time, {
    resourceId: rule.resourceId,
    awsRegion: where.region,
    awsAccountId: where.account,
    configRuleName: rule.name,
    recordVersion: '1.0',
    configRuleARN: `arn:aws:config:${where.region}:${where.account}:config-rule/config-rule-${uuidFrom(rule.name).slice(0, 6)}`,
    messageType: 'ComplianceChangeNotification',
    newEvaluationResult: evaluation(rule.compliance, time),
    ...(rule.previous ? { oldEvaluationResult: evaluation(rule.previous, earlier) } : {}),
    notificationCreationTime: time,
    resourceType: rule.resourceType,
  });
}

export interface Identity {
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  name: string;
  /** for AssumedRole: the role name */
  role?: string;
  /** for IAMUser: IAM's unique id, the same the account's users have (CloudTrail's principalId) */
  userId?: string;
}

export function userIdentity(where: Where, who: Identity, mfa = true) {
  const principal = `AIDA${uuidFrom(who.name).replace(/-/g, '').slice(0, 17).toUpperCase()}`;
  if (who.type === 'Root') {
    return {
      type: 'Root',
      principalId: where.account,
      arn: `arn:aws:iam::${where.account}:root`,
      accountId: where.account,
    };
  }
  if (who.type === 'IAMUser') {
    return {
      type: 'IAMUser',
      principalId: who.userId ?? principal,
      arn: `arn:aws:iam::${where.account}:user/${who.name}`,
      accountId: where.account,
      userName: who.name,
      sessionContext: { attributes: { creationDate: '2026-10-01T08:00:00Z', mfaAuthenticated: String(mfa) } },
    };
  }
  return {
    type: 'AssumedRole',
    principalId: `AROA${principal.slice(4)}:${who.name}`,
    arn: `arn:aws:sts::${where.account}:assumed-role/${who.role}/${who.name}`,
    accountId: where.account,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROA${principal.slice(4)}`,
        arn: `arn:aws:iam::${where.account}:role/${who.role}`,
        accountId: where.account,
        userName: who.role,
      },
      attributes: { creationDate: '2026-10-01T08:00:00Z', mfaAuthenticated: String(mfa) },
    },
  };
}

export function cloudTrailRecord(
  where: Where,
  time: string,
  who: Identity,
  call: {
    eventSource: string;
    eventName: string;
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    additionalEventData?: Record<string, unknown>;
    errorCode?: string;
    errorMessage?: string;
    sourceIPAddress?: string;
    mfa?: boolean;
  },
) {
  return {
    eventVersion: '1.09',
    userIdentity: userIdentity(where, who, call.mfa ?? true),
    eventTime: time.replace(/\.\d{3}Z$/, 'Z'),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: where.region,
    sourceIPAddress: call.sourceIPAddress ?? '198.51.100.24',
    userAgent: 'aws-cli/2.17.0 Python/3.11.9 Linux/6.1',
    ...(call.errorCode
      ? { errorCode: call.errorCode, errorMessage: call.errorMessage ?? call.errorCode }
      : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: call.responseElements ?? null,
    ...(call.additionalEventData ? { additionalEventData: call.additionalEventData } : {}),
    requestID: uuidFrom(`req|${time}|${call.eventName}`),
    eventID: uuidFrom(
      `ct|${time}|${call.eventName}|${who.name}|${JSON.stringify(call.requestParameters ?? null)}`,
    ),
    readOnly: false,
    eventType: call.eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: where.account,
    eventCategory: 'Management',
  };
}

export function apiCall(
  where: Where,
  time: string,
  who: Identity,
  call: Parameters<typeof cloudTrailRecord>[3],
) {
  const detail = cloudTrailRecord(where, time, who, call);
  return envelope(
    'AWS API Call via CloudTrail',
    call.eventSource.replace('.amazonaws.com', '').replace(/^/, 'aws.'),
    where,
    time,
    detail,
  );
}

export function consoleSignIn(
  where: Where,
  time: string,
  who: Identity,
  opts: { mfa: boolean; success?: boolean },
) {
  const success = opts.success ?? true;
  const detail = cloudTrailRecord(where, time, who, {
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: opts.mfa ? 'Yes' : 'No',
    },
    ...(success ? {} : { errorMessage: 'Failed authentication' }),
    mfa: opts.mfa,
  });
  return envelope('AWS Console Sign In via CloudTrail', 'aws.signin', where, time, detail);
}
