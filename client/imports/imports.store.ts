import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ImportFormat, ImportProgress, ImportReport, ImportType } from '@shared/schemas/imports';
import { errorMessage } from '@/api/http';
import { importsApi } from './imports.api';

const newJobId = () => `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** The format a file is written in, from its name: `.json` is JSON, anything else is read as CSV. */
export const formatOf = (fileName: string): ImportFormat => (fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv');

/** One import at a time from the admin screen: its progress while it runs, then its report. */
export const useImportsStore = defineStore('imports', () => {
  const running = ref(false);
  const progress = ref<ImportProgress | null>(null);
  const report = ref<ImportReport | null>(null);
  const error = ref<string | null>(null);

  async function upload(file: File, type: ImportType): Promise<ImportReport | null> {
    running.value = true;
    report.value = null;
    error.value = null;
    const jobId = newJobId();
    progress.value = { jobId, type, state: 'running', processed: 0, total: 0 };
    // The upload answers when the import is done; meanwhile the server pushes its progress (`job:progress`).
    try {
      const content = await file.text();
      report.value = await importsApi.run({ type, format: formatOf(file.name), content, jobId });
      progress.value = { jobId, type, state: 'done', processed: report.value.rows, total: report.value.rows };
      return report.value;
    } catch (err) {
      error.value = errorMessage(err);
      return null;
    } finally {
      running.value = false;
    }
  }

  /** A step of an import this user started, pushed by the server (any console process may run it). */
  function applyProgress(p: ImportProgress): void {
    if (running.value && progress.value?.jobId === p.jobId) progress.value = p;
  }

  return { running, progress, report, error, upload, applyProgress };
});
