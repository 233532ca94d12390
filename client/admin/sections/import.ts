import ImportView from '@/imports/ImportView.vue';
import type { AdminSection } from '../sections';

export default { id: 'import', order: 30, component: ImportView } satisfies AdminSection;
