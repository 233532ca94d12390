import type { VisitorIdentity } from '@shared/schemas/widget';

/**
 * The widget's own script tag: `document.currentScript` while it runs (async scripts have it too), else
 * the first script whose src ends in /widget.js (a loader that injected it some other way).
 */
export function ownScript(doc: Document): HTMLScriptElement | undefined {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  return [...doc.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => /\/widget\.js(?:[?#]|$)/.test(s.src));
}

export interface EmbedSettings {
  origin: string;
  site: string;
  identity?: VisitorIdentity;
}

/**
 * What the tag says: the console's origin (where the script came from), the site (`data-site`) and, from
 * a host page that knows its logged-in customer, `data-identifier` with its `data-identity-hash`.
 */
export function embedSettings(script: Pick<HTMLScriptElement, 'src' | 'dataset'>): EmbedSettings | undefined {
  const site = script.dataset.site?.trim();
  if (!site) return undefined;
  const origin = new URL(script.src).origin;
  const identifier = script.dataset.identifier?.trim();
  const hash = script.dataset.identityHash?.trim();
  return { origin, site, ...(identifier ? { identity: { identifier, ...(hash ? { hash } : {}) } } : {}) };
}
