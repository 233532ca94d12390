import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AgentReportRow, AgentTimeline } from '@shared/schemas/reports';
import { errorMessage } from '@/api/http';
import { useAuthStore } from '@/auth/auth.store';
import { browserTimeZone, todayIn } from './report-query';
import { reportsApi } from './reports.api';

/** "My day": the signed-in agent's own figures and activity for one day (today unless they pick another). */
export const useMyDayStore = defineStore('myDay', () => {
  const tz = ref(browserTimeZone());
  const day = ref(todayIn(tz.value));
  /** The day's figures (the agents report's totals, limited to this agent); null before the first answer. */
  const figures = shallowRef<AgentReportRow | null>(null);
  const timeline = shallowRef<AgentTimeline | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  let seq = 0;
  async function load(next: string = day.value) {
    const me = useAuthStore().user?.id;
    if (!me) return;
    day.value = next;
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const query = { from: next, to: next, tz: tz.value, groupBy: 'day' as const, agentId: me };
      const [report, activity] = await Promise.all([reportsApi.report('agents', query), reportsApi.timeline(me, next, tz.value)]);
      if (mine !== seq) return;
      figures.value = report.totals;
      timeline.value = activity;
    } catch (err) {
      if (mine !== seq) return;
      figures.value = null;
      timeline.value = null;
      error.value = errorMessage(err);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Today in the agent's time zone (the day picker's latest day). */
  const today = () => todayIn(tz.value);

  function reset() {
    seq++;
  }

  return { tz, day, figures, timeline, loading, error, load, today, reset };
});
