// Build-time side of the message catalogues (runs in Vite, not in the browser).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Each feature writes its messages in every language side by side (`client/<feature>/messages.ts`, so a
 * translator sees the English beside each translation), but a browser needs one language only. This
 * plugin serves `virtual:messages/<locale>`: that language's part of every messages.ts, by feature, as
 * one module, so the bundle gets one chunk per language and a user downloads English (the fallback) and
 * their own. The parts are cut out of the source with the TypeScript parser; a file that is not a plain
 * `export default defineMessages({ en: {…}, fa: {…}, … })` stops the build with its name.
 */
const PREFIX = 'virtual:messages/';

export function messageFiles(clientDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'messages.ts') out.push(full);
    }
  };
  walk(clientDir);
  return out.sort();
}

/** A feature's namespace is its folder's name (`customers/messages.ts` → `customers.*`); client/i18n's own is `common`. */
export function namespaceOf(file: string): string {
  const dir = path.basename(path.dirname(file));
  return dir === 'i18n' ? 'common' : dir;
}

/** The source text of one language's messages in a messages.ts. */
export function languagePart(file: string, source: string, locale: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why} (expected export default defineMessages({ en: {…}, … }))`);
  };
  const exported = sf.statements.find(ts.isExportAssignment) ?? fail('no default export');
  const call = ts.isCallExpression(exported.expression) ? exported.expression : fail('the default export is not a defineMessages call');
  const arg = call.arguments[0];
  if (!arg || !ts.isObjectLiteralExpression(arg)) return fail('defineMessages takes no object literal');
  const prop = arg.properties.find((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === locale);
  if (!prop || !ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) return fail(`no "${locale}" object`);
  return prop.initializer.getText(sf);
}

export function messageCatalogues(clientDir: string): Plugin {
  return {
    name: 'message-catalogues',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const locale = id.slice(PREFIX.length + 1);
      const seen = new Map<string, string>();
      const parts = messageFiles(clientDir).map((file) => {
        this.addWatchFile(file);
        const ns = namespaceOf(file);
        if (seen.has(ns)) throw new Error(`${file} and ${seen.get(ns)} both claim the "${ns}" namespace`);
        seen.set(ns, file);
        return `  ${JSON.stringify(ns)}: ${languagePart(file, fs.readFileSync(file, 'utf8'), locale)},`;
      });
      return `export default {\n${parts.join('\n')}\n};\n`;
    },
  };
}
