import { defineAsyncComponent } from 'vue';
import type { AdminSection } from '../sections';

export default { id: 'cannedReplies', order: 25, component: defineAsyncComponent(() => import('@/canned-replies/CannedRepliesView.vue')) } satisfies AdminSection;
