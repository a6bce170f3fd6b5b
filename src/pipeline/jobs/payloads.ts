import { z } from 'zod';

/** Where a chat job posts. */
export const chatAddressSchema = z.object({
  platform: z.enum(['telegram', 'slack']),
  chatId: z.string().min(1),
  threadId: z.string().min(1).optional(),
});

export const messageRefSchema = chatAddressSchema.extend({ messageId: z.string().min(1) });

const userSchema = z.object({ id: z.string(), name: z.string().optional() });
const locale = z.enum(['ru', 'en']);

/** `report`: run one report for a chat, then queue its delivery. */
export const reportJobSchema = z.object({
  runId: z.string().min(1),
  address: chatAddressSchema,
  user: userSchema,
  locale,
  tz: z.string(),
  service: z.string().nullable(),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  /** The "working on it" message to edit as the report progresses. */
  progress: messageRefSchema.optional(),
});

/** `deliver`: post a stored run's album, summary and buttons to a chat. */
export const deliverJobSchema = z.object({
  runId: z.string().min(1),
  address: chatAddressSchema,
  user: userSchema,
  locale,
  tz: z.string(),
  progress: messageRefSchema.optional(),
  /** Alert reports carry a header naming the alert. */
  header: z.string().optional(),
});

/** `compare`: compare two stored runs and post the result. */
export const compareJobSchema = z.object({
  a: z.string().min(1),
  b: z.string().min(1),
  address: chatAddressSchema,
  user: userSchema,
  locale,
  tz: z.string(),
  progress: messageRefSchema.optional(),
});

/** `alert-report`: owned by the alert webhooks; validated there in detail. */
export const alertReportJobSchema = z.looseObject({ eventId: z.string().min(1) });

/** Every job kind and its payload; the queue validates both on add and on pick-up. */
export const JOB_SCHEMAS = {
  report: reportJobSchema,
  deliver: deliverJobSchema,
  compare: compareJobSchema,
  'alert-report': alertReportJobSchema,
};

export type JobMap = { [K in keyof typeof JOB_SCHEMAS]: z.infer<(typeof JOB_SCHEMAS)[K]> };
export type ReportJob = JobMap['report'];
export type DeliverJob = JobMap['deliver'];
export type CompareJob = JobMap['compare'];
