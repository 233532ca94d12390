import { onScopeDispose, ref } from 'vue';
import type { SegmentFilter, SegmentPreview } from '@shared/schemas/campaign';
import { errorMessage } from '@/api/http';
import { campaignsApi } from './campaigns.api';

/** Long enough to let a supervisor finish typing a number, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 300;

/**
 * The live count under the segment builder. Requests are debounced, and only the latest request's
 * answer is shown: an older one answering late (a bigger segment is slower to count) is dropped.
 */
export function useSegmentPreview(delay = PREVIEW_DEBOUNCE_MS) {
  const preview = ref<SegmentPreview | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;

  async function run(segment: SegmentFilter, onePerHousehold: boolean) {
    const mine = ++latest;
    try {
      const answer = await campaignsApi.preview(segment, onePerHousehold);
      if (mine !== latest) return;
      preview.value = answer;
      error.value = null;
    } catch (err) {
      if (mine === latest) error.value = errorMessage(err);
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  /** Asks for a count of `segment` once it has stopped changing for `delay` ms. */
  function request(segment: SegmentFilter, onePerHousehold: boolean) {
    clearTimeout(timer);
    loading.value = true;
    // A plain copy: the caller's reactive object may change again before the timer fires.
    const snapshot = JSON.parse(JSON.stringify(segment)) as SegmentFilter;
    timer = setTimeout(() => void run(snapshot, onePerHousehold), delay);
  }

  function cancel() {
    clearTimeout(timer);
    latest++;
    loading.value = false;
  }

  onScopeDispose(cancel);
  return { preview, loading, error, request, cancel };
}
