import UsersView from '@/users/UsersView.vue';
import type { AdminSection } from '../sections';

export default { id: 'users', label: 'Users', roles: ['admin'], order: 70, component: UsersView } satisfies AdminSection;
