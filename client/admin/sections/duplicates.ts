import DuplicatesView from '@/duplicates/DuplicatesView.vue';
import type { AdminSection } from '../sections';

export default { id: 'duplicates', order: 40, component: DuplicatesView } satisfies AdminSection;
