import PrivacyView from '@/privacy/PrivacyView.vue';
import type { AdminSection } from '../sections';

export default { id: 'privacy', order: 70, component: PrivacyView } satisfies AdminSection;
