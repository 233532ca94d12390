/**
 * A site's allowed origin as browsers send it (`Origin: https://shop.example:8443`): scheme, host and
 * port only, lower case, the default port left out. Null for anything a browser would not send as an
 * origin of a web page (a path, a file: URL, credentials).
 */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin.toLowerCase();
}
