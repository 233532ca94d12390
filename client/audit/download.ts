import { ApiError } from '@/api/http';
import { useAuthStore } from '@/auth/auth.store';
import { translate } from '@/i18n';

/**
 * Fetches an authenticated file (exports need the bearer token, so a plain link will not do) and
 * hands it to the browser as a download. Resolves with the file's text, for callers that show it.
 */
export async function download(path: string, filename: string): Promise<string> {
  const auth = useAuthStore();
  let res: Response;
  try {
    res = await fetch(path, { headers: auth.token ? { Authorization: `Bearer ${auth.token}` } : {} });
  } catch {
    throw new ApiError('NETWORK', translate('audit.unreachable'), 0);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = translate('audit.exportFailed', { status: res.status });
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      /* not an error body */
    }
    throw new ApiError(`HTTP_${res.status}`, message, res.status);
  }
  const url = URL.createObjectURL(new Blob([text], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return text;
}
