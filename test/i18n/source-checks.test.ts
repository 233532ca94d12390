import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'vue/compiler-sfc';

/**
 * What `vue/no-bare-strings-in-template` (npm run lint) cannot see: English written as string literals
 * inside template expressions (`{{ busy ? 'Saving…' : 'Save' }}`, `:title="'Close'"`), and CSS that
 * does not mirror for right-to-left languages.
 */

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

interface TemplateNode {
  type: number;
  content?: { content?: string } | string;
  props?: Array<{ type: number; name: string; arg?: { content?: string }; exp?: { content?: string } }>;
  children?: TemplateNode[];
}

/** Every JavaScript expression of a template, with where it sits (an attribute's name, or `{{ }}`). */
function expressions(node: TemplateNode, out: Array<{ where: string; code: string }> = []) {
  if (node.type === 5 && typeof node.content === 'object' && node.content?.content) out.push({ where: '{{ }}', code: node.content.content });
  for (const p of node.props ?? []) if (p.type === 7 && p.exp?.content) out.push({ where: `${p.name}:${p.arg?.content ?? ''}`, code: p.exp.content });
  for (const c of node.children ?? []) expressions(c, out);
  return out;
}

// Bindings whose strings are never read by a person: classes, styles, test ids, keys, refs, routes.
const MACHINE_BINDINGS = /^(bind:(class|style|key|ref|to|data-[\w-]+|id|for|name|type|value|autocomplete|inputmode|role|lang|dir|href|src|accept|pattern)|on:.*|model:.*|for:|slot:.*)$/;
/** A literal a person would read: a capitalised word or two words, and not a message key or a path. */
const PROSE = /^(?=.*[A-Za-z]{2})(?:.*\b[A-Z][a-z]+\b.*|.*[a-z]{2,} [a-z]{2,}.*)$/;

describe('client source', () => {
  it('writes no English into template expressions: texts come from the catalogue', () => {
    const found: string[] = [];
    for (const file of files('client', /\.vue$/)) {
      const { descriptor } = parse(readFileSync(file, 'utf8'), { filename: file });
      if (!descriptor.template?.ast) continue;
      for (const { where, code } of expressions(descriptor.template.ast as unknown as TemplateNode)) {
        if (MACHINE_BINDINGS.test(where)) continue;
        // Arguments of t(...) are keys; drop them before looking for prose.
        const stripped = code.replace(/\b(?:t|\$t|translate)\(\s*(['"`])[^'"`]*\1/g, '');
        const literals = [...stripped.matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
        // A template literal's own text, around its \${…} parts: `${n} calls waiting`.
        for (const m of stripped.matchAll(/`([^`]*)`/g)) literals.push(m[1]!.replace(/\$\{[^}]*\}/g, ' '));
        for (const literal of literals) if (PROSE.test(literal) || /(^|\s)[a-z]{2,}\s/.test(literal.replace(/^[^\s]*$/, ''))) found.push(`${relative('.', file)} ${where} '${literal.trim()}'`);
      }
    }
    expect(found).toEqual([]);
  });

  it('lays out with logical CSS properties, so right-to-left pages mirror', () => {
    const PHYSICAL = /(?:^|[\s;{])((?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right))/gm;
    const found: string[] = [];
    const check = (file: string, css: string) => {
      for (const line of css.split('\n')) {
        // `inset-inline-*`, `border-inline-*`, etc. are fine; so are comments.
        const code = line.replace(/\/\*.*?\*\//g, '');
        for (const m of code.matchAll(PHYSICAL)) found.push(`${relative('.', file)}: ${m[1]!.trim()} (${code.trim()})`);
      }
    };
    for (const file of files('client', /\.css$/)) check(file, readFileSync(file, 'utf8'));
    for (const file of files('client', /\.vue$/)) for (const style of parse(readFileSync(file, 'utf8'), { filename: file }).descriptor.styles) check(file, style.content);
    expect(found).toEqual([]);
  });
});
