import { watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import type { ReportKind, ReportQuery } from '@shared/schemas/reports';
import { fromUrl, toUrl } from './report-query';
import { useReportsStore } from './reports.store';

const sameQuery = (a: LocationQuery, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/**
 * The URL is the report: each change of kind, range, grouping or filter is a new history entry (back
 * returns to the previous report), and the store shows whatever the URL says. A URL missing parts is
 * completed in place with the defaults, so the link a user copies reopens exactly this report.
 */
export function useReportUrl() {
  const route = useRoute();
  const router = useRouter();
  const store = useReportsStore();

  watch(
    () => route.query,
    (raw) => {
      // Leaving the screen changes the query too: that one is another screen's.
      if (route.name !== 'reports') return;
      const asked = fromUrl(raw);
      const complete = toUrl(asked.kind, asked.query);
      if (!asked.problem && !sameQuery(raw, complete)) {
        void router.replace({ query: complete });
        return;
      }
      void store.show(asked);
    },
    { immediate: true },
  );

  /** Asks for the report with these parts changed (a filter set to '' is removed). */
  function change(patch: Partial<ReportQuery> & { kind?: ReportKind }) {
    const { kind = store.kind, ...rest } = patch;
    const next = { ...store.query, ...rest } as ReportQuery;
    for (const key of Object.keys(next) as Array<keyof ReportQuery>) if (next[key] === '') delete next[key];
    return router.push({ query: toUrl(kind, next) });
  }

  return { change };
}
