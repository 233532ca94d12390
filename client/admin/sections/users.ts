import UsersView from '@/users/UsersView.vue';
import type { AdminSection } from '../sections';

export default { id: 'users', order: 70, component: UsersView } satisfies AdminSection;
