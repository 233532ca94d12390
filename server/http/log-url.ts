/**
 * A request URL as logs may show it: the path, and the query's parameter names without their values
 * (`/api/customers?q=…`). Search terms are names, phone numbers and e-mail addresses: they are personal
 * data and stay out of the logs.
 */
export function logUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const keys = new URLSearchParams(url.slice(at + 1)).keys();
  return `${url.slice(0, at)}?${[...new Set(keys)].map((k) => `${k}=…`).join('&')}`;
}
