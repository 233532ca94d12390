/// <reference types="vite/client" />

// Lets plain `tsc` (the root typecheck, which cannot read .vue files) accept imports of components;
// vue-tsc resolves the real component types instead.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
