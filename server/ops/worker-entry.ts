/**
 * What a `Worker` (with `eval: true`) runs to load the module at `moduleUrl`. Run from TypeScript sources
 * (tsx), the thread registers the same loader before importing it; built, it imports it as it is.
 */
export function workerEntry(moduleUrl: string): string {
  const self = JSON.stringify(moduleUrl);
  return moduleUrl.endsWith('.ts') ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${self}); })` : `import(${self})`;
}
