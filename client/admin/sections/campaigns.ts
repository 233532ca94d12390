import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'campaigns', order: 15, component: defineAsyncComponent(() => import('@/campaigns/CampaignsAdminView.vue')) } satisfies AdminSection;
