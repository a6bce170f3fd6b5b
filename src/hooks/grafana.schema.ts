import { z } from 'zod';

/*
 * Grafana's webhook contact point bodies. Both schemas are loose: Grafana adds fields from
 * release to release, and a sender must never be refused for a field we do not read.
 */

const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});
const optionalUrl = z.string().nullish();

/** One alert of a unified alerting notification. */
export const grafanaAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: z.string(),
  endsAt: z.string().nullish(),
  generatorURL: optionalUrl,
  fingerprint: z.string().nullish(),
  silenceURL: optionalUrl,
  dashboardURL: optionalUrl,
  panelURL: optionalUrl,
  /** Query results by ref id, e.g. `{ "B": 0.62 }`; null without values. */
  values: z
    .record(z.string(), z.number().nullable())
    .nullish()
    .transform((v) => v ?? {}),
  valueString: z.string().nullish(),
});

/** Grafana unified alerting (`version: "1"`). */
export const grafanaUnifiedSchema = z.looseObject({
  version: z.literal('1'),
  receiver: z.string().nullish(),
  status: z.enum(['firing', 'resolved']),
  /** `alerting` or `ok`. */
  state: z.string().nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
  orgId: z.number().nullish(),
  groupKey: z.string().nullish(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: optionalUrl,
  truncatedAlerts: z.number().int().nullish(),
  alerts: z.array(grafanaAlertSchema).min(1),
});

/** Grafana legacy (dashboard) alerting. */
export const grafanaLegacySchema = z.looseObject({
  ruleName: z.string().min(1),
  /** `alerting`, `ok`, `no_data`, `paused` or `pending`. */
  state: z.string().min(1),
  ruleId: z.number().nullish(),
  ruleUrl: optionalUrl,
  title: z.string().nullish(),
  message: z.string().nullish(),
  dashboardId: z.number().nullish(),
  panelId: z.number().nullish(),
  orgId: z.number().nullish(),
  imageUrl: optionalUrl,
  tags: labels,
  evalMatches: z
    .array(
      z.looseObject({
        value: z.number().nullable(),
        metric: z.string(),
        tags: labels,
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});

export type GrafanaUnified = z.infer<typeof grafanaUnifiedSchema>;
export type GrafanaLegacy = z.infer<typeof grafanaLegacySchema>;
export type GrafanaAlert = z.infer<typeof grafanaAlertSchema>;

/** Either Grafana format, told apart by `version`/`alerts` (unified) or `ruleName` (legacy). */
export type GrafanaPayload =
  | { kind: 'unified'; body: GrafanaUnified }
  | { kind: 'legacy'; body: GrafanaLegacy };
