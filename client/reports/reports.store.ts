import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AgentTimeline, Report, ReportKind, ReportOptions, ReportQuery } from '@shared/schemas/reports';
import { errorMessage } from '@/api/http';
import { download } from '@/audit/download';
import { hasMessage, translate } from '@/i18n';
import { defaultQuery, forKind } from './report-query';
import { reportsApi } from './reports.api';

/** An agent whose day is open on the timeline. */
export interface TimelineAgent {
  id: string;
  name: string;
}

/**
 * The Reports screen: the report asked for (kind and query, mirrored in the URL by use-report-url.ts),
 * what the filters offer, the report on screen, its downloads, and the activity timeline of an agent.
 */
export const useReportsStore = defineStore('reports', () => {
  const kind = ref<ReportKind>('queues');
  const query = ref<ReportQuery>(defaultQuery());
  /** Why the query cannot be asked (a range that ends before it starts): a code of `reports.problems`. */
  const problem = ref<string | null>(null);
  const options = ref<ReportOptions | null>(null);
  const report = shallowRef<Report<ReportKind> | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The download under way ('csv', 'interactions'), if any. */
  const busy = ref<string | null>(null);

  const timelineAgent = ref<TimelineAgent | null>(null);
  const timelineDay = ref('');
  const timeline = shallowRef<AgentTimeline | null>(null);
  const timelineLoading = ref(false);
  const timelineError = ref<string | null>(null);

  /** The query as sent: only the filters this report offers. */
  const sent = computed(() => forKind(kind.value, query.value));
  /** The CSV of exactly the table on screen. */
  const csvPath = computed(() => reportsApi.path(kind.value, sent.value, 'csv'));
  const csvName = computed(() => `${kind.value}-${query.value.from}-${query.value.to}-${query.value.groupBy}.csv`);

  let loadSeq = 0;
  /** Shows the report of `next` (from the URL): fetched unless the URL asked for a query the server would refuse. */
  async function show(next: { kind: ReportKind; query: ReportQuery; problem?: string }) {
    kind.value = next.kind;
    query.value = next.query;
    problem.value = next.problem ?? null;
    const seq = ++loadSeq;
    if (problem.value) {
      report.value = null;
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const answer = await reportsApi.report(next.kind, sent.value);
      // A slower answer to an older query never replaces a newer one.
      if (seq === loadSeq) report.value = answer;
    } catch (err) {
      if (seq === loadSeq) {
        report.value = null;
        error.value = errorMessage(err);
      }
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  async function loadOptions() {
    try {
      options.value = await reportsApi.options();
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function run(what: string, job: () => Promise<unknown>) {
    busy.value = what;
    error.value = null;
    try {
      await job();
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      busy.value = null;
    }
  }

  const downloadCsv = () => run('csv', () => download(csvPath.value, csvName.value));

  /** Every interaction of the range and filters, one a row, as CSV or NDJSON; notes only when asked. */
  function exportInteractions(format: 'csv' | 'ndjson', notes: boolean) {
    const { from, to } = query.value;
    return run('interactions', () => download(reportsApi.interactionsPath(sent.value, format, notes), `interactions-${from}-${to}.${format}`));
  }

  let timelineSeq = 0;
  /** Opens an agent's activity on `day` (another day of the same agent when already open). */
  async function openTimeline(agent: TimelineAgent, day: string) {
    timelineAgent.value = agent;
    timelineDay.value = day;
    timelineError.value = null;
    timelineLoading.value = true;
    const seq = ++timelineSeq;
    try {
      const answer = await reportsApi.timeline(agent.id, day, query.value.tz);
      if (seq === timelineSeq) timeline.value = answer;
    } catch (err) {
      if (seq === timelineSeq) {
        timeline.value = null;
        timelineError.value = errorMessage(err);
      }
    } finally {
      if (seq === timelineSeq) timelineLoading.value = false;
    }
  }

  function closeTimeline() {
    timelineSeq++;
    timelineAgent.value = null;
    timeline.value = null;
    timelineError.value = null;
    timelineLoading.value = false;
  }

  /** The problem of the query, in the user's language. */
  const problemText = computed(() => {
    if (!problem.value) return null;
    const key = `reports.problems.${problem.value}`;
    return translate(hasMessage(key) ? key : 'reports.problems.invalid');
  });

  function reset() {
    loadSeq++;
    timelineSeq++;
  }

  return {
    kind,
    query,
    problem,
    problemText,
    options,
    report,
    loading,
    error,
    busy,
    sent,
    csvPath,
    csvName,
    timelineAgent,
    timelineDay,
    timeline,
    timelineLoading,
    timelineError,
    show,
    loadOptions,
    downloadCsv,
    exportInteractions,
    openTimeline,
    closeTimeline,
    reset,
  };
});
