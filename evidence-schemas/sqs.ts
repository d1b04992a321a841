import { z } from 'zod';

/** The parts of an SQS batch event the collect function uses. */
export const SqsRecordSchema = z
  .object({
    messageId: z.string().min(1),
    body: z.string(),
    attributes: z.object({ ApproximateReceiveCount: z.string().optional() }).loose().optional(),
  })
  .loose();

export const SqsEventSchema = z.object({ Records: z.array(SqsRecordSchema) }).loose();
export type SqsEvent = z.infer<typeof SqsEventSchema>;
