/**
 * Facts only the scheduled sweep observes (IAM users and root, the access snapshot, the Config recorder,
 * the collectors themselves). Part of the Facts union in observation.ts.
 *
 * A `context` member holds what was seen alongside the state but does not define it (the day of the
 * observation, last-use days, error messages): the record keeps it, the state hash leaves it out, so
 * a user who merely used a key again today does not add a record (see stateFacts in chain.ts).
 */

/** A calendar day, YYYY-MM-DD (UTC). */
export type Day = string;

export type IamUserFacts = {
  type: 'iam-user';
  userName: string;
  createdOn: Day;
  /** console password enabled; undefined when it could not be read */
  consoleAccess?: boolean;
  mfaDevices: { type: 'virtual' | 'hardware' | 'u2f'; enabledOn: Day }[];
  accessKeys: { id: string; status: string; createdOn: Day }[];
  attachedPolicies: string[];
  inlinePolicies: string[];
  groups: string[];
  context: {
    /** the day of the observation: ages are measured to it */
    asOf: Day;
    consoleLastUsedOn?: Day;
    /** masked key id -> day it was last used */
    keysLastUsedOn: Record<string, Day>;
  };
};

export type IamRootFacts = {
  type: 'iam-root';
  mfaActive: boolean;
  activeAccessKeys: number;
  context: { asOf: Day; consoleLastUsedOn?: Day };
};

export type AccessSnapshotFacts = {
  type: 'access-snapshot';
  users: {
    userName: string;
    arn: string;
    consoleAccess?: boolean;
    mfa: boolean;
    activeAccessKeys: number;
    attachedPolicies: string[];
    inlinePolicies: string[];
    groups: string[];
    lastActivityOn?: Day;
  }[];
  roles: {
    roleName: string;
    arn: string;
    trustedBy: string[];
    attachedPolicies: string[];
    inlinePolicies: string[];
    lastUsedOn?: Day;
  }[];
  incomplete: string[];
};

export type RecorderStatusFacts = {
  type: 'config-recorder-status';
  name: string;
  exists: boolean;
  recording: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
};

export type CollectionFacts = {
  type: 'collection';
  /** service:Operation */
  api: string;
  status: 'gap' | 'ok';
  controls: string[];
  errorCode?: string;
  failedResources?: string[];
  context: { message?: string };
};

export type SweepFacts =
  | IamUserFacts
  | IamRootFacts
  | AccessSnapshotFacts
  | RecorderStatusFacts
  | CollectionFacts;
