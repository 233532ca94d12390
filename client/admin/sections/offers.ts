import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'offers', order: 20, component: defineAsyncComponent(() => import('@/offers-admin/OffersAdminView.vue')) } satisfies AdminSection;
