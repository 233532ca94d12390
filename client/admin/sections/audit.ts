import AuditView from '@/audit/AuditView.vue';
import type { AdminSection } from '../sections';

export default { id: 'audit', order: 60, component: AuditView } satisfies AdminSection;
