import ImportView from '@/imports/ImportView.vue';
import type { AdminSection } from '../sections';

export default { id: 'import', label: 'Import', roles: ['admin'], order: 30, component: ImportView } satisfies AdminSection;
