import { z } from 'zod';

/*
 * Alertmanager's webhook body, `version: "4"`, as documented in its configuration
 * reference. Loose: fields added by later Alertmanager releases are ignored, not refused.
 */

const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

/** One alert of an Alertmanager notification. */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.string(),
  /** `0001-01-01T00:00:00Z` while the alert has no end. */
  endsAt: z.string().nullish(),
  generatorURL: z.string().nullish(),
  fingerprint: z.string().nullish(),
});

/** An Alertmanager webhook notification. */
export const alertmanagerWebhookSchema = z.looseObject({
  version: z.literal('4', { message: 'only Alertmanager webhook version "4" is supported' }),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().nullish(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().nullish(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().nullish(),
  alerts: z.array(alertmanagerAlertSchema).min(1),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
