/**
 * Writes JSON Schemas (draft 2020-12) generated from the zod schemas in evidence-schemas/, for tools
 * outside TypeScript: the evidence record as stored and exported, and the inbound event kinds as
 * accepted. `--check` fails when the committed files differ from what the schemas generate.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AttestationDetailSchema,
  BinderAnchorsSchema,
  BinderManifestSchema,
  BinderRecordProofSchema,
  CheckpointSchema,
  CloudTrailEventBridgeSchema,
  CloudTrailRecordSchema,
  ConfigComplianceChangeEventSchema,
  ConfigItemChangeEventSchema,
  ConfigItemSchema,
  EvidenceRecordSchema,
  ManualUploadDetailSchema,
  SweepDetailSchema,
} from '../evidence-schemas';
import { writeOrCheck } from './generated-file';

const dir = fileURLToPath(new URL('../evidence-schemas/json/', import.meta.url));

const SCHEMAS: { file: string; title: string; schema: z.ZodType; io: 'input' | 'output' }[] = [
  {
    file: 'evidence-record.schema.json',
    title: 'Evidence record',
    schema: EvidenceRecordSchema,
    io: 'output',
  },
  {
    file: 'binder-manifest.schema.json',
    title: 'Evidence binder manifest (manifest.json)',
    schema: BinderManifestSchema,
    io: 'output',
  },
  {
    file: 'checkpoint.schema.json',
    title: 'Signed daily Merkle checkpoint (store item and binder integrity/checkpoints.jsonl line)',
    schema: CheckpointSchema,
    io: 'output',
  },
  {
    file: 'binder-anchors.schema.json',
    title: 'Evidence binder anchors (integrity/anchors.json)',
    schema: BinderAnchorsSchema,
    io: 'output',
  },
  {
    file: 'binder-record-proof.schema.json',
    title: 'Evidence binder inclusion proof (a line of integrity/proofs.jsonl)',
    schema: BinderRecordProofSchema,
    io: 'output',
  },
  {
    file: 'config-compliance-change-event.schema.json',
    title: 'EventBridge Config Rules Compliance Change (as accepted)',
    schema: ConfigComplianceChangeEventSchema,
    io: 'input',
  },
  {
    file: 'config-item-change-event.schema.json',
    title: 'EventBridge Config Configuration Item Change (as accepted)',
    schema: ConfigItemChangeEventSchema,
    io: 'input',
  },
  {
    file: 'configuration-item.schema.json',
    title: 'AWS Config configuration item (as accepted)',
    schema: ConfigItemSchema,
    io: 'input',
  },
  {
    file: 'cloudtrail-eventbridge-event.schema.json',
    title: 'EventBridge CloudTrail API call or console sign-in (as accepted)',
    schema: CloudTrailEventBridgeSchema,
    io: 'input',
  },
  {
    file: 'cloudtrail-record.schema.json',
    title: 'CloudTrail record (as accepted)',
    schema: CloudTrailRecordSchema,
    io: 'input',
  },
  {
    file: 'sweep-observation-detail.schema.json',
    title: "Detail of an 'Evidence Sweep Observation' internal event (as accepted)",
    schema: SweepDetailSchema,
    io: 'input',
  },
  {
    file: 'attestation-detail.schema.json',
    title: 'Evidence Attestation detail (human sign-off, as accepted)',
    schema: AttestationDetailSchema,
    io: 'input',
  },
  {
    file: 'manual-upload-detail.schema.json',
    title: 'Evidence Manual Upload detail (as accepted)',
    schema: ManualUploadDetailSchema,
    io: 'input',
  },
];

function render(entry: (typeof SCHEMAS)[number]): string {
  const json = z.toJSONSchema(entry.schema, { io: entry.io, unrepresentable: 'any' });
  return `${JSON.stringify({ title: entry.title, ...json }, null, 2)}\n`;
}

writeOrCheck(
  SCHEMAS.map((entry) => ({ path: `${dir}${entry.file}`, text: render(entry) })),
  'npm run schemas',
);
