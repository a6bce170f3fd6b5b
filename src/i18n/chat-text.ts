import type { Locale } from '../analysis/report.types.js';
import { clip, ECHO_MAX_CHARS } from '../core/clip.js';
import { glossary } from './glossary.js';

type Params = Record<string, string | number>;
type Entry = string | ((p: Params) => string);

const en = {
  working: '⏳ Working on it: {what}…',
  phaseQueued: 'queued',
  phaseCollecting: 'collecting metrics',
  phaseAnalysing: 'analysing',
  phaseRendering: 'drawing charts',
  phaseDelivering: 'sending',
  done: '✅ Done: {verdict}. The report is below.',
  failed: '❌ The report failed: {reason}',
  verdict_pass: glossary('en').verdict.pass,
  verdict_risk: glossary('en').verdict.risk,
  verdict_fail: glossary('en').verdict.fail,
  verdict_insufficient_data: glossary('en').verdict.insufficient_data,
  reportTitle: '{name}',
  verdictLine: 'Verdict: {verdict}',
  peakLine: 'Peak: {rps} ({from}–{to})',
  windowLine: 'Window: {window}',
  colTime: 'time',
  colErrors: 'errors',
  intervalEndBeforeStart: 'The end {to} is not after the start {from}.',
  intervalInFuture: 'The start {from} is in the future (now it is {now}).',
  intervalInvalid: 'The interval needs a valid start and end time.',
  peakDrop: ', throughput dropped at {at}',
  noPeak: 'Peak: not found',
  stepsHeader: 'Steps',
  stepsCols: '#  time         rps    p95     errors',
  domainsHeader: 'Domains',
  findingsHeader: 'Top findings',
  sloHeader: 'SLOs',
  fullReport: 'Full report',
  btnCompare: 'Compare with baseline',
  btnSetBaseline: 'Set as baseline',
  btnFull: 'Full report',
  btnPdf: 'PDF',
  pdfCaption: 'Report “{name}” as PDF',
  pdfFailed: 'The PDF could not be made right now. The web page of the report still works.',
  albumCaption: '{name}: {verdict}, peak {peak}',
  baselineLine: 'Against baseline {baseline}: {result}',
  help: [
    'LoadLens commands:',
    '/report [service] [interval]: analyse a window (default: the last hour). Intervals: {forms}',
    '/services [interval]: the services with traffic in a window, one report button each',
    '/compare [runA] [runB] [force]: compare two runs (default: the latest with the baseline)',
    '/note [run] <text>: add to the engineer summary of a run (default: the latest)',
    '/runs [service]: the last runs',
    '/baseline [run | set <run>]: show or set the baseline',
    '/service [name]: show or bind this chat’s default service',
    '/tz <zone>: set this chat’s time zone (e.g. Europe/Moscow)',
    '/lang ru|en: set this chat’s language',
    '/alerts: recent alert-triggered reports',
    '/slo [service] [SLOs | clear]: show, set or clear this chat’s SLOs of a service',
  ].join('\n'),
  startAllowed:
    'Hi! I am LoadLens. This chat ({chat}) can run reports: try /report 1h. /help lists the commands.',
  startDenied:
    'Hi! I am LoadLens. This chat is not allowed to run reports yet. Its id is {chat}: ask an admin to add it to {setting}.',
  notAllowed: 'This chat is not allowed to run reports. Send /start to see its id.',
  unknownCommand: 'Unknown command "{name}". /help lists the commands.',
  unknownService: 'Unknown service "{service}". Known services: {known}.',
  badInterval: 'I cannot read "{input}" as an interval. These forms work: {forms}.',
  intervalTooLong: 'The interval is {length}, longer than the maximum of {max}. Ask for a shorter window.',
  sourceDown:
    'The metric source ({system}) is unreachable or too slow right now. Try again in a few minutes.',
  internalError: 'Something went wrong on my side ({code}). The team has the details in the logs.',
  noRuns: 'No runs yet. Try /report 1h.',
  runsHeader: 'Last runs',
  runNotFound: 'No run "{run}". /runs lists the recent ones.',
  noteSaved: 'Saved the summary of "{name}" as version {version}.',
  noteEmpty: 'Write the text after the command: /note [run] <text>.',
  serviceShow: 'This chat’s service: {service}.',
  serviceNone: 'This chat has no default service. Bind one with /service <name>.',
  serviceSet: 'This chat’s default service is now {service}.',
  tzShow: 'This chat’s time zone: {tz}.',
  tzSet: 'Time zone set to {tz}.',
  badTz: 'This is not a time zone: "{tz}". Use an IANA name such as Europe/Moscow or UTC.',
  langSet: 'Language set to English.',
  badLang: 'Choose ru or en: /lang ru',
  baselineShow: 'Baseline of {service}: {name} ({run}).',
  baselineNone: '{service} has no baseline yet. Set one with /baseline set <run>.',
  baselineSet: 'Baseline of {service} is now {name}.',
  baselineNeedsService: 'This run has no service, so it cannot be a baseline. Run /report <service> first.',
  compareNeedsBaseline: '{service} has no baseline yet. Set one with /baseline set <run>.',
  alertsNone: 'No alert-triggered reports yet.',
  alertsHeader: 'Recent alert-triggered reports',
  badInput: '{message}',
  narrativeHeader: '🤖 Narrative (LLM, checked against the numbers)',
  phaseComparing: 'comparing runs',
  compareCaption: '{b} vs {a}',
  compareTop: 'Top changes',
  compareIsBaseline:
    'This run is the baseline of {service}. Compare it with another run: /compare <runA> <runB>.',
  compareDone: '✅ Comparison done. It is below.',
  btnRegenerate: 'Regenerate',
  noLlm: 'No LLM is configured (LLM_PROVIDER=none); the deterministic summaries are the report.',
  narrativeEmpty:
    'The model gave no usable narrative this time ({status}); the deterministic summaries stand.',
  sloShow: 'SLOs of {service} in this chat: {slos}. /report uses them when the request names none.',
  sloNone: 'This chat has no SLOs for {service}. Set them: /slo {service} p95<500ms error_rate<1%',
  sloNoneCatalogue:
    'This chat has no SLOs for {service}; reports use the catalogue’s: {slos}. Override them: /slo {service} p95<500ms',
  sloSet: 'SLOs of {service} in this chat are now: {slos}. /report uses them when the request names none.',
  sloCleared: 'SLOs of {service} in this chat are cleared.',
  sloNothingToClear: 'This chat had no SLOs for {service}.',
  sloNeedsService:
    'Name the service: /slo <service> p95<500ms error_rate<1%, or bind one with /service <name>.',
  sloList: 'SLOs set in this chat:\n{lines}',
  sloListNone: 'This chat has set no SLOs. Example: /slo orders p95<500ms error_rate<1%',
  storeDown:
    'The database is unavailable right now, so I cannot do this. Reports already asked for will be retried when it is back; try this command again in a few minutes.',
  storeRetrying: '⏳ The database is unavailable. I will retry and send the report when it is back.',
  settingsDefault: '(The database is unavailable, so these are the default settings.)',
} satisfies Record<string, Entry>;

export type TextKey = keyof typeof en;

const ru: Record<TextKey, Entry> = {
  working: '⏳ Работаю: {what}…',
  phaseQueued: 'в очереди',
  phaseCollecting: 'собираю метрики',
  phaseAnalysing: 'анализирую',
  phaseRendering: 'рисую графики',
  phaseDelivering: 'отправляю',
  done: '✅ Готово: {verdict}. Отчёт ниже.',
  failed: '❌ Отчёт не получился: {reason}',
  verdict_pass: glossary('ru').verdict.pass,
  verdict_risk: glossary('ru').verdict.risk,
  verdict_fail: glossary('ru').verdict.fail,
  verdict_insufficient_data: glossary('ru').verdict.insufficient_data,
  reportTitle: '{name}',
  verdictLine: 'Вердикт: {verdict}',
  peakLine: 'Пик: {rps} ({from}–{to})',
  windowLine: 'Интервал: {window}',
  colTime: 'время',
  colErrors: 'ошибки',
  intervalEndBeforeStart: 'Конец {to} не позже начала {from}.',
  intervalInFuture: 'Начало {from} ещё не наступило (сейчас {now}).',
  intervalInvalid: 'У интервала должны быть корректные начало и конец.',
  peakDrop: ', пропускная способность упала в {at}',
  noPeak: 'Пик: не найден',
  stepsHeader: 'Ступени',
  stepsCols: '#  время        зап/с  p95     ошибки',
  domainsHeader: 'Домены',
  findingsHeader: 'Главные находки',
  sloHeader: 'SLO',
  fullReport: 'Полный отчёт',
  btnCompare: 'Сравнить с базовым',
  btnSetBaseline: 'Сделать базовым',
  btnFull: 'Полный отчёт',
  btnPdf: 'PDF',
  pdfCaption: 'Отчёт «{name}» в PDF',
  pdfFailed: 'PDF сейчас не получился. Веб-страница отчёта при этом работает.',
  albumCaption: '{name}: {verdict}, пик {peak}',
  baselineLine: 'Относительно базового {baseline}: {result}',
  help: [
    'Команды LoadLens:',
    '/report [сервис] [интервал]: анализ окна (по умолчанию последний час). Интервалы: {forms}',
    '/services [интервал]: сервисы с трафиком в окне, у каждого кнопка отчёта',
    '/compare [прогонA] [прогонB] [force]: сравнить два прогона (по умолчанию последний с базовым)',
    '/note [прогон] <текст>: дополнить резюме инженера (по умолчанию последний прогон)',
    '/runs [сервис]: последние прогоны',
    '/baseline [прогон | set <прогон>]: показать или задать базовый прогон',
    '/service [имя]: показать или привязать сервис чата',
    '/tz <зона>: часовой пояс чата (например, Europe/Moscow)',
    '/lang ru|en: язык чата',
    '/alerts: последние отчёты по алертам',
    '/slo [сервис] [SLO | clear]: показать, задать или удалить SLO сервиса в этом чате',
  ].join('\n'),
  startAllowed:
    'Привет! Я LoadLens. В этом чате ({chat}) можно запускать отчёты: попробуйте /report 1h. /help — список команд.',
  startDenied:
    'Привет! Я LoadLens. Этому чату пока нельзя запускать отчёты. Его id: {chat} — попросите администратора добавить его в {setting}.',
  notAllowed: 'Этому чату нельзя запускать отчёты. Отправьте /start, чтобы узнать его id.',
  unknownCommand: 'Неизвестная команда «{name}». /help — список команд.',
  unknownService: 'Неизвестный сервис «{service}». Известные сервисы: {known}.',
  badInterval: 'Не понимаю интервал «{input}». Подходят такие формы: {forms}.',
  intervalTooLong: 'Интервал {length} длиннее максимума {max}. Запросите окно короче.',
  sourceDown:
    'Источник метрик ({system}) сейчас недоступен или слишком медленный. Повторите через несколько минут.',
  internalError: 'Что-то пошло не так на моей стороне ({code}). Подробности — в логах.',
  noRuns: 'Прогонов пока нет. Попробуйте /report 1h.',
  runsHeader: 'Последние прогоны',
  runNotFound: 'Прогона «{run}» нет. /runs — список последних.',
  noteSaved: 'Резюме «{name}» сохранено, версия {version}.',
  noteEmpty: 'Напишите текст после команды: /note [прогон] <текст>.',
  serviceShow: 'Сервис этого чата: {service}.',
  serviceNone: 'У чата нет сервиса по умолчанию. Привяжите: /service <имя>.',
  serviceSet: 'Сервис чата по умолчанию теперь {service}.',
  tzShow: 'Часовой пояс чата: {tz}.',
  tzSet: 'Часовой пояс: {tz}.',
  badTz: 'Это не часовой пояс: «{tz}». Используйте имя IANA, например Europe/Moscow или UTC.',
  langSet: 'Язык: русский.',
  badLang: 'Выберите ru или en: /lang en',
  baselineShow: 'Базовый прогон {service}: {name} ({run}).',
  baselineNone: 'У {service} пока нет базового прогона. Задайте: /baseline set <прогон>.',
  baselineSet: 'Базовый прогон {service} теперь {name}.',
  baselineNeedsService: 'У прогона нет сервиса, он не может быть базовым. Сначала /report <сервис>.',
  compareNeedsBaseline: 'У {service} пока нет базового прогона. Задайте: /baseline set <прогон>.',
  alertsNone: 'Отчётов по алертам пока нет.',
  alertsHeader: 'Последние отчёты по алертам',
  badInput: '{message}',
  narrativeHeader: '🤖 Пояснение (LLM, сверено с числами)',
  phaseComparing: 'сравниваю прогоны',
  compareCaption: '{b} против {a}',
  compareTop: 'Главные изменения',
  compareIsBaseline:
    'Этот прогон — базовый для {service}. Сравните его с другим: /compare <прогонA> <прогонB>.',
  compareDone: '✅ Сравнение готово. Оно ниже.',
  btnRegenerate: 'Сгенерировать заново',
  noLlm: 'LLM не настроена (LLM_PROVIDER=none); отчёт — это детерминированные резюме.',
  narrativeEmpty: 'Модель не дала пригодного пояснения ({status}); остаются детерминированные резюме.',
  sloShow: 'SLO сервиса {service} в этом чате: {slos}. /report берёт их, когда в запросе SLO не заданы.',
  sloNone: 'У этого чата нет SLO для {service}. Задайте: /slo {service} p95<500ms error_rate<1%',
  sloNoneCatalogue:
    'У этого чата нет SLO для {service}; отчёты берут SLO из каталога: {slos}. Переопределить: /slo {service} p95<500ms',
  sloSet:
    'SLO сервиса {service} в этом чате теперь: {slos}. /report берёт их, когда в запросе SLO не заданы.',
  sloCleared: 'SLO сервиса {service} в этом чате удалены.',
  sloNothingToClear: 'У этого чата не было SLO для {service}.',
  sloNeedsService: 'Укажите сервис: /slo <сервис> p95<500ms error_rate<1% или привяжите его: /service <имя>.',
  sloList: 'SLO, заданные в этом чате:\n{lines}',
  sloListNone: 'В этом чате SLO не заданы. Пример: /slo orders p95<500ms error_rate<1%',
  storeDown:
    'База данных сейчас недоступна, поэтому выполнить команду не получится. Уже запрошенные отчёты будут повторены, когда она вернётся; эту команду повторите через несколько минут.',
  storeRetrying: '⏳ База данных недоступна. Я повторю попытку и пришлю отчёт, когда она вернётся.',
  settingsDefault: '(База данных недоступна, поэтому показаны настройки по умолчанию.)',
};

const TABLE: Record<Locale, Record<TextKey, Entry>> = { en, ru };

/**
 * A coded error's own sentence (with its help, e.g. the SLO grammar, ~420 characters in
 * Russian) and at most a short quote; only a quote its source forgot to cut goes past it.
 */
const MESSAGE_MAX_CHARS = 1_000;

/**
 * The sentences that quote the user's input back, and the caps of the params holding it.
 * Cutting here, where every chat sentence is filled, covers every command: a 24k-character
 * `/tz` argument comes back as one short message that starts with the error.
 */
const ECHOES: Partial<Record<TextKey, Record<string, number>>> = {
  unknownCommand: { name: ECHO_MAX_CHARS },
  unknownService: { service: ECHO_MAX_CHARS },
  badInterval: { input: ECHO_MAX_CHARS },
  runNotFound: { run: ECHO_MAX_CHARS },
  badTz: { tz: ECHO_MAX_CHARS },
  badInput: { message: MESSAGE_MAX_CHARS },
};

/** Returns the text for `key` in `locale`, with `{param}` placeholders filled (quoted input cut short). */
export function chatText(locale: Locale, key: TextKey, params: Params = {}): string {
  const entry = TABLE[locale][key] ?? en[key];
  const caps = ECHOES[key];
  const p: Params = caps
    ? Object.fromEntries(
        Object.entries(params).map(([k, v]) => [
          k,
          // A quote is one line; an error's own sentence keeps its line breaks (e.g. grammar help).
          caps[k]
            ? clip(caps[k] === ECHO_MAX_CHARS ? String(v).replace(/\s+/g, ' ') : String(v), caps[k])
            : v,
        ]),
      )
    : params;
  const raw = typeof entry === 'function' ? entry(p) : entry;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in p ? String(p[name]) : m));
}

/** The chat's language: its own setting, else the platform's language code, else the default. */
export function pickLocale(
  setting: Locale | null | undefined,
  languageCode: string | undefined,
  fallback: Locale,
): Locale {
  if (setting) return setting;
  if (languageCode) return languageCode.toLowerCase().startsWith('ru') ? 'ru' : 'en';
  return fallback;
}
