import CampaignsAdminView from '@/campaigns/CampaignsAdminView.vue';
import type { AdminSection } from '../sections';

export default { id: 'campaigns', order: 15, component: CampaignsAdminView } satisfies AdminSection;
