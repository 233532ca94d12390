import { type NotReadyReason, NotReadyReasonList } from '@shared/realtime/agent-state';
import { http } from '@/api/http';
import { download } from '@/audit/download';

const PATH = '/api/agent-states/reasons';

export const notReadyReasonsApi = {
  list: () => http.get(PATH, NotReadyReasonList),
  /** Replaces the list: codes left out are archived by the server, never deleted. */
  replace: (list: NotReadyReason[]) => http.put(PATH, list, NotReadyReasonList),
  exportCsv: () => download(`${PATH}?format=csv`, 'not-ready-reasons.csv'),
};
