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

const stringMap = z.record(z.string(), z.string());

/** One alert of a notification, normalised from Grafana or Alertmanager (see `src/hooks/normalise.ts`). */
export const alertItemSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap,
  startsAtMs: z.number().int(),
  endsAtMs: z.number().int().nullable(),
  fingerprint: z.string(),
  values: z.record(z.string(), z.number().nullable()),
  links: z.object({
    generator: z.string().optional(),
    dashboard: z.string().optional(),
    panel: z.string().optional(),
    silence: z.string().optional(),
  }),
});

/**
 * `alert-report`: one accepted alert notification, routed. `eventId` is the grouping key of
 * the notification (also its job id), so every try of the job sees the same one.
 */
export const alertReportJobSchema = z.object({
  eventId: z.string().min(1),
  source: z.enum(['grafana', 'alertmanager']),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  title: z.string(),
  /** Service name passed to the report engine (null: none, the selector decides). */
  service: z.string().nullable(),
  /** Selector from the alert's service label when the service is not in the catalogue. */
  selector: z.string().optional(),
  chats: z.array(chatAddressSchema).min(1),
  lookbackMinutes: z.number().int().positive(),
  receivedAtMs: z.number().int(),
  commonLabels: stringMap,
  alerts: z.array(alertItemSchema).min(1),
  /** Alerts left out of `alerts` (the sender's truncation plus ours). */
  truncated: z.number().int().min(0),
});

/** `narrate`: the optional LLM narrative of a delivered run, posted as an addition. */
export const narrateJobSchema = z.object({
  runId: z.string().min(1),
  address: chatAddressSchema,
  locale,
  tz: z.string(),
});

/** Every job kind and its payload; the queue validates both on add and on pick-up. */
export const JOB_SCHEMAS = {
  report: reportJobSchema,
  narrate: narrateJobSchema,
  deliver: deliverJobSchema,
  compare: compareJobSchema,
  'alert-report': alertReportJobSchema,
};

export type JobMap = { [K in keyof typeof JOB_SCHEMAS]: z.infer<(typeof JOB_SCHEMAS)[K]> };
export type ReportJob = JobMap['report'];
export type DeliverJob = JobMap['deliver'];
export type CompareJob = JobMap['compare'];
export type AlertReportJob = JobMap['alert-report'];
export type AlertItem = z.infer<typeof alertItemSchema>;
