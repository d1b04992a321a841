import { z } from 'zod';
import { AccountIdSchema, RegionSchema, TimestampSchema } from './common';

/** The EventBridge envelope every event kind shares. */
export const EventBridgeEnvelopeShape = {
  version: z.string().optional(),
  id: z.string().min(1, 'EventBridge event id is empty'),
  'detail-type': z.string(),
  source: z.string(),
  account: AccountIdSchema,
  time: TimestampSchema,
  region: RegionSchema,
  resources: z.array(z.string()).optional(),
};
