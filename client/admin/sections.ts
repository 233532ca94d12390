import type { Component } from 'vue';
import { mayOpen, type ScreenId } from '@shared/access/roles';
import type { Role } from '@shared/schemas/auth';
import { translate } from '@/i18n';

/**
 * A back-office screen beside the supervisor's floor (offers, imports, duplicates, audit, privacy...).
 * Each feature adds one file under `sections/` exporting its section as default; its URL and roles are
 * its screen's entry in shared/access/roles.ts, its tab's label `admin.sections.<id>` in ./messages.ts.
 * Its component is async (`defineAsyncComponent`): a section's code downloads when someone opens it,
 * never with the floor or the agent's console.
 */
export interface AdminSection {
  id: ScreenId;
  order: number;
  component: Component;
}

const modules = import.meta.glob<{ default: AdminSection }>('./sections/*.ts', { eager: true });

export const adminSections: AdminSection[] = Object.values(modules)
  .map((m) => m.default)
  .sort((a, b) => a.order - b.order);

/** A section's tab label in the user's language (called while rendering, so a switched language re-renders). */
export const sectionLabel = (s: AdminSection) => translate(`admin.sections.${s.id}`);

/** The sections whose tab a role sees (the server enforces the same on every route). */
export const sectionsFor = (role: Role | undefined) => adminSections.filter((s) => mayOpen(role, s.id));
