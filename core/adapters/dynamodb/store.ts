/**
 * EvidenceStore (and the notification ledger) over DynamoDB's API: AWS itself, dynalite (embedded), or
 * any compatible endpoint. This class only wires the port to the modules that own each item kind:
 * heads.ts, records.ts, markers.ts, quarantine-items.ts, iam-aliases.ts, checkpoints.ts
 * and notifications.ts, on the requests of table.ts, all under the one retry policy of retry.ts. Key
 * formats are in table-schema.ts.
 */
import type { Checkpoint, Transition, TreeHead } from '../../../evidence-schemas';
import type { DayLeaf } from '../../domain/checkpoint';
import type { IamAlias } from '../../domain/iam-identity';
import type { LogEntry } from '../../domain/tree-head';
import type {
  ChainHead,
  EvidenceStore,
  QuarantineItem,
  QuarantineUpdate,
  SourceEventMarker,
  SourceEventRef,
  StoredCheckpointDoc,
  StoredMarker,
  StoredQuarantineItem,
  StoredRecordDoc,
} from '../../ports/evidence-store';
import type { NotificationLedger } from '../../ports/notifier';
import type { StoredTreeHeadDoc, TreeHeadStore } from '../../ports/tree-head-store';
import * as checkpoints from './checkpoints';
import * as heads from './heads';
import * as iamAliases from './iam-aliases';
import * as markers from './markers';
import * as notifications from './notifications';
import * as quarantineItems from './quarantine-items';
import * as records from './records';
import { dynamoDbClient } from './retry';
import type { Table } from './table';
import type { TableClient } from './table-client';
import * as treeHeads from './tree-heads';

export interface DynamoDbEvidenceStoreOptions {
  tableName: string;
  /**
   * the SDK client (default: one per process, from `dynamoDbClient`). The store retries its requests
   * itself (retry.ts): a client made with `dynamoDbClient` has the SDK's own retries off
   */
  client?: TableClient;
  /** batch requests in flight at once (default 8) */
  parallelRequests?: number;
}

let defaultClient: TableClient | undefined;

/** EvidenceStore over DynamoDB's API: AWS itself, dynalite (embedded), or any compatible endpoint. */
export class DynamoDbEvidenceStore implements EvidenceStore, NotificationLedger, TreeHeadStore {
  readonly tableName: string;
  readonly client: TableClient;
  /** batch requests in flight at once */
  readonly parallelRequests: number;
  /** the table as the item-kind modules address it */
  readonly table: Table;

  constructor(options: DynamoDbEvidenceStoreOptions) {
    this.tableName = options.tableName;
    this.parallelRequests = options.parallelRequests ?? 8;
    defaultClient ??= options.client ? undefined : dynamoDbClient();
    this.client = options.client ?? (defaultClient as TableClient);
    this.table = { client: this.client, tableName: this.tableName, parallelRequests: this.parallelRequests };
  }

  getHeads(subjectKeys: string[]): Promise<Map<string, ChainHead>> {
    return heads.getHeads(this.table, subjectKeys);
  }

  commitHead(next: ChainHead, expectedSequence: number | undefined): Promise<void> {
    return heads.commitHead(this.table, next, expectedSequence);
  }

  listHeads(): AsyncIterable<ChainHead> {
    return heads.listHeads(this.table);
  }

  findSourceEvents(refs: SourceEventRef[]): Promise<Set<string>> {
    return markers.findSourceEvents(this.table, refs);
  }

  markSourceEvents(commits: SourceEventMarker[]): Promise<void> {
    return markers.markSourceEvents(this.table, commits);
  }

  listSourceEventMarkers(subjectKey: string): Promise<StoredMarker[]> {
    return markers.listSourceEventMarkers(this.table, subjectKey);
  }

  putRecords(list: records.SubjectRecord[]): Promise<void> {
    return records.putRecords(this.table, list);
  }

  deleteRecords(list: records.SubjectRecord[]): Promise<void> {
    return records.deleteRecords(this.table, list);
  }

  listChainDocs(subjectKey: string): Promise<StoredRecordDoc[]> {
    return records.listChainDocs(this.table, subjectKey);
  }

  scanRecordDocs(): AsyncIterable<StoredRecordDoc> {
    return records.scanRecordDocs(this.table);
  }

  getIamAliases(ids: { accountId: string; uniqueId: string }[]): Promise<IamAlias[]> {
    return iamAliases.getIamAliases(this.table, ids);
  }

  putIamAliases(aliases: IamAlias[], learntAt: string): Promise<void> {
    return iamAliases.putIamAliases(this.table, aliases, learntAt);
  }

  quarantine(items: QuarantineItem[]): Promise<void> {
    return quarantineItems.quarantine(this.table, items);
  }

  updateQuarantine(update: QuarantineUpdate): Promise<boolean> {
    return quarantineItems.updateQuarantine(this.table, update);
  }

  listQuarantine(): AsyncIterable<StoredQuarantineItem> {
    return quarantineItems.listQuarantine(this.table);
  }

  // --- the evidence log and its signed tree heads ---

  logEntries(from: string | undefined, to: string): AsyncIterable<LogEntry> {
    return treeHeads.logEntries(this.table, from, to);
  }

  putTreeHead(head: TreeHead): Promise<boolean> {
    return treeHeads.putTreeHead(this.table, head);
  }

  lastTreeHeadDoc(): Promise<StoredTreeHeadDoc | undefined> {
    return treeHeads.lastTreeHeadDoc(this.table);
  }

  treeHeadDoc(sequence: number): Promise<StoredTreeHeadDoc | undefined> {
    return treeHeads.treeHeadDoc(this.table, sequence);
  }

  listTreeHeadDocs(): AsyncIterable<StoredTreeHeadDoc> {
    return treeHeads.listTreeHeadDocs(this.table);
  }

  // --- daily checkpoints ---

  putCheckpoint(checkpoint: Checkpoint): Promise<boolean> {
    return checkpoints.putCheckpoint(this.table, checkpoint);
  }

  listCheckpointDocs(): AsyncIterable<StoredCheckpointDoc> {
    return checkpoints.listCheckpointDocs(this.table);
  }

  recordLeafBatches(day: string): AsyncIterable<DayLeaf[]> {
    return checkpoints.recordLeafBatches(this.table, day);
  }

  firstRecordedDay(): Promise<string | undefined> {
    return checkpoints.firstRecordedDay(this.table);
  }

  // --- notification ledger: sent markers and pending notifications (same table) ---

  findSentNotifications(ids: string[]): Promise<Set<string>> {
    return notifications.findSentNotifications(this.table, ids);
  }

  markNotificationsSent(ids: string[]): Promise<void> {
    return notifications.markNotificationsSent(this.table, ids);
  }

  savePendingNotifications(transitions: Transition[]): Promise<void> {
    return notifications.savePendingNotifications(this.table, transitions);
  }

  listPendingNotifications(): Promise<Transition[]> {
    return notifications.listPendingNotifications(this.table);
  }

  deletePendingNotifications(ids: string[]): Promise<void> {
    return notifications.deletePendingNotifications(this.table, ids);
  }
}
