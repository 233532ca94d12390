import { NotReadyReasonList } from '@shared/realtime/agent-state';
import { http } from '@/api/http';

export const agentStatesApi = {
  reasons: () => http.get('/api/agent-states/reasons', NotReadyReasonList),
};
