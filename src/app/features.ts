import { createSlackApp } from '../bots/slack/slack-app.js';
import { createTelegramBot } from '../bots/telegram/telegram-bot.js';
import { alertHooksFeature } from '../hooks/hooks-feature.js';
import type { HttpServer } from '../web/http-server.js';
import { webFeature } from '../web/web-feature.js';
import type { AppServices } from './create-services.js';

/** What a running feature must do at shutdown. */
export interface Running {
  name: string;
  stop(): Promise<void>;
}

/** Where a feature plugs in: the shared services and HTTP server. */
export interface FeatureHost {
  services: AppServices;
  http: HttpServer;
}

/** A feature of the `bot` role: returns null when it is not configured. */
export type Feature = (host: FeatureHost) => Promise<Running | null>;

/** Telegram: long polling, or webhook mode on the shared server when TELEGRAM_WEBHOOK_URL is set. */
const telegram: Feature = async ({ services, http }) => {
  const env = services.config.env;
  if (!env.TELEGRAM_BOT_TOKEN) return null;
  const bot = createTelegramBot(services, {
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    webhookUrl: env.TELEGRAM_WEBHOOK_URL,
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    http,
  });
  await bot.start();
  return { name: 'telegram', stop: () => bot.stop() };
};

/** Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP on /slack/events. */
const slack: Feature = async ({ services, http }) => {
  const env = services.config.env;
  if (!env.SLACK_BOT_TOKEN) return null;
  const app = createSlackApp(services, {
    token: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    http,
  });
  await app.start();
  return { name: 'slack', stop: () => app.stop() };
};

/** Every feature of the `bot` role, in start order (web pages and webhooks register routes here too). */
export const FEATURES: Feature[] = [telegram, slack, alertHooksFeature, webFeature];
