import DuplicatesView from '@/duplicates/DuplicatesView.vue';
import type { AdminSection } from '../sections';

export default { id: 'duplicates', label: 'Duplicates', roles: ['supervisor', 'admin'], order: 40, component: DuplicatesView } satisfies AdminSection;
