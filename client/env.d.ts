/// <reference types="vite/client" />

// Lets plain `tsc` (the root typecheck, which cannot read .vue files) accept imports of components;
// vue-tsc resolves the real component types instead.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// One language's messages, by feature, made by the build from every client/<feature>/messages.ts.
declare module 'virtual:messages/*' {
  import type { MessageTree } from './i18n/define';
  const messages: MessageTree;
  export default messages;
}
