import type { Component } from 'vue';
import type { Role } from '@shared/schemas/auth';

/**
 * A back-office screen beside the supervisor's floor (offers, imports, duplicates, audit, privacy...).
 * Each feature adds one file under `sections/` exporting its section as default; nothing else changes.
 */
export interface AdminSection {
  id: string;
  label: string;
  /** Roles that see the section's tab (the server enforces the same on every route). */
  roles: Role[];
  order: number;
  component: Component;
}

const modules = import.meta.glob<{ default: AdminSection }>('./sections/*.ts', { eager: true });

export const adminSections: AdminSection[] = Object.values(modules)
  .map((m) => m.default)
  .sort((a, b) => a.order - b.order);

export const sectionsFor = (role: Role | undefined) => adminSections.filter((s) => role && s.roles.includes(role));
