import type { Locale } from '../analysis/report.types.js';

/** ru/en texts of the service inventory (`/services`) and of the service picker. */
const TEXT = {
  en: {
    header: 'Services with traffic, {window}',
    none: 'No service had traffic in {window}.',
    noSource: 'No Prometheus is configured, so services cannot be listed.',
    pick: 'Several services were under load in this window: {services}. Pick one:',
    report: 'Report {service}',
    differentServices:
      'Runs "{a}" ({sa}) and "{b}" ({sb}) are of different services; compare runs of one service, or add --force (chat: force) to compare them anyway.',
    unknown: 'No service named {service} had traffic in {window}. Services with traffic: {services}.',
  },
  ru: {
    header: 'Сервисы с трафиком, {window}',
    none: 'Ни у одного сервиса не было трафика в окне {window}.',
    noSource: 'Prometheus не настроен, список сервисов недоступен.',
    pick: 'В этом окне под нагрузкой были несколько сервисов: {services}. Выберите один:',
    report: 'Отчёт {service}',
    differentServices:
      'Прогоны «{a}» ({sa}) и «{b}» ({sb}) относятся к разным сервисам; сравнивайте прогоны одного сервиса или добавьте --force (в чате: force), чтобы сравнить всё равно.',
    unknown: 'У сервиса {service} не было трафика в окне {window}. Сервисы с трафиком: {services}.',
  },
} as const;

export type ServicesTextKey = keyof (typeof TEXT)['en'];

/** A service-inventory text in the locale, `{name}` placeholders filled. */
export function servicesText(
  locale: Locale,
  key: ServicesTextKey,
  params: Record<string, string> = {},
): string {
  return TEXT[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}
