import { z } from 'zod';

/**
 * The event Amazon Connect sends to a Lambda from an InvokeLambdaFunction block
 * (reference §5.1). Parsed leniently: Connect adds fields over time, so unknown keys
 * pass through, and endpoints/queue may be null (as typed in @types/aws-lambda).
 * Channel and InitiationMethod are open strings: @types lists fewer values than Connect
 * sends (TASK, EMAIL, QUEUE_TRANSFER, ...).
 */
export const EndpointSchema = z.looseObject({
  Address: z.string().nullish(),
  Type: z.string().nullish(),
});

export const ConnectContactDataSchema = z.looseObject({
  Attributes: z
    .record(z.string(), z.string())
    .nullish()
    .transform((v) => v ?? {}),
  Channel: z.string(),
  ContactId: z.string().min(1),
  CustomerEndpoint: EndpointSchema.nullish(),
  SystemEndpoint: EndpointSchema.nullish(),
  InitialContactId: z.string().nullish(),
  PreviousContactId: z.string().nullish(),
  InitiationMethod: z.string().nullish(),
  InstanceARN: z.string(),
  LanguageCode: z.string().nullish(),
  Queue: z.looseObject({ ARN: z.string().nullish(), Name: z.string().nullish() }).nullish(),
});

export const ConnectContactFlowEventSchema = z.looseObject({
  Name: z.literal('ContactFlowEvent').optional(),
  Details: z.looseObject({
    ContactData: ConnectContactDataSchema,
    Parameters: z
      .record(z.string(), z.string())
      .nullish()
      .transform((v) => v ?? {}),
  }),
});

export type ConnectContactFlowEvent = z.infer<typeof ConnectContactFlowEventSchema>;
export type ConnectContactData = z.infer<typeof ConnectContactDataSchema>;

/** A STRING_MAP response: what a flow reads as `$.External.<key>` (reference §5.2). */
export const StringMapResponseSchema = z.record(z.string(), z.string());
export type StringMapResponse = z.infer<typeof StringMapResponseSchema>;
