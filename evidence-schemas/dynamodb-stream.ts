import { z } from 'zod';

/** The parts of a DynamoDB stream batch the drift function uses. */
export const DynamoDbStreamRecordSchema = z
  .object({
    eventID: z.string().optional(),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
    dynamodb: z
      .object({
        SequenceNumber: z.string().min(1),
        NewImage: z.record(z.string(), z.unknown()).optional(),
      })
      .loose(),
  })
  .loose();

export const DynamoDbStreamEventSchema = z.object({ Records: z.array(DynamoDbStreamRecordSchema) }).loose();
export type DynamoDbStreamEvent = z.infer<typeof DynamoDbStreamEventSchema>;
