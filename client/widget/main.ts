import { matchWidgetLocale } from './locale';
import { embedSettings, ownScript } from './script-tag';
import { Widget } from './widget';

/*
 * The website chat widget (issue 18): what `<script src="https://console.example/widget.js"
 * data-site="…" async>` runs on a business's page. Its own small bundle (vite.widget.config.ts): plain
 * DOM and socket.io-client, no Vue, no zod; the protocol is shared/schemas/widget.ts.
 */
const script = ownScript(document);
const settings = script && embedSettings(script);
const loaded = window as unknown as { __ccWidgets?: Record<string, Widget> };

if (!settings) {
  console.error('chat widget: the script tag needs data-site="<site id>"');
} else if (!loaded.__ccWidgets?.[settings.site]) {
  // Twice on one page (a tag manager and the page both add it) is one widget.
  loaded.__ccWidgets ??= {};
  const mount = () => {
    const host = document.createElement('cc-chat-widget');
    document.body.append(host);
    loaded.__ccWidgets![settings.site] = new Widget(host, { ...settings, locale: matchWidgetLocale(navigator.languages?.length ? navigator.languages : [navigator.language]) });
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}
