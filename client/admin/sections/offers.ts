import OffersAdminView from '@/offers-admin/OffersAdminView.vue';
import type { AdminSection } from '../sections';

export default { id: 'offers', order: 20, component: OffersAdminView } satisfies AdminSection;
