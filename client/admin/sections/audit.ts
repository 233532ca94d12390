import AuditView from '@/audit/AuditView.vue';
import type { AdminSection } from '../sections';

export default { id: 'audit', label: 'Audit log', roles: ['admin'], order: 60, component: AuditView } satisfies AdminSection;
