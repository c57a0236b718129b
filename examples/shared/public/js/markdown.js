// Turns the setup guide's Markdown into elements: headings, paragraphs,
// lists, tables, fenced code, **bold**, `code` and links. It covers what
// renderSetupGuide writes, not all of Markdown, and builds text nodes only.
// Every block of code, and every value a step says to type, has a copy button.
import { copyButton } from './copy-button.js';
import { h } from './dom.js';

const INLINE = /(`[^`]+`)|(\*\*(?:\\.|[^*])+\*\*)|(\[(?:\\.|[^\]])+\]\([^)\s]+\))/g;
const unescapeMarkdown = (text) => text.replace(/\\([\\`*_{}[\]<>()#+!|~-])/g, '$1');
const slug = (text) =>
  unescapeMarkdown(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function inline(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) nodes.push(unescapeMarkdown(text.slice(last, match.index)));
    const [token] = match;
    if (match[1]) nodes.push(h('code', {}, token.slice(1, -1)));
    else if (match[2]) nodes.push(h('strong', {}, ...inline(token.slice(2, -2))));
    else {
      const split = token.lastIndexOf('](');
      const href = token.slice(split + 2, -1);
      const label = inline(token.slice(1, split));
      const safe = /^https:\/\//.test(href) || href.startsWith('#');
      nodes.push(
        safe
          ? h('a', { href, ...(href.startsWith('#') ? {} : { target: '_blank', rel: 'noopener' }) }, ...label)
          : label,
      );
    }
    last = match.index + token.length;
  }
  if (last < text.length) nodes.push(unescapeMarkdown(text.slice(last)));
  return nodes.flat();
}

const cells = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

function table(lines) {
  const [head, , ...rows] = lines;
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cells(head).map((cell) => h('th', {}, ...inline(cell))),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          cells(row).map((cell) => h('td', {}, ...inline(cell))),
        ),
      ),
    ),
  );
}

/**
 * A value to type into the console (`Bucket name: \`sos-acme\``) gets a copy
 * button: a list item that ends with a code element.
 */
function withCopy(nodes) {
  const last = nodes.at(-1);
  if (!(last instanceof HTMLElement) || last.tagName !== 'CODE') return nodes;
  const value = last.textContent;
  return [...nodes, ' ', copyButton('Copy', () => value, `Copy ${value}`)];
}

/** The guide as a fragment; `#` headings become h3, `##` h4, so they fit under the page's own. */
export function renderMarkdown(markdown) {
  const fragment = document.createDocumentFragment();
  const lines = markdown.split('\n');
  let index = 0;
  const take = (test) => {
    const block = [];
    while (index < lines.length && test(lines[index])) block.push(lines[index++]);
    return block;
  };
  while (index < lines.length) {
    const line = lines[index];
    if (line.trim() === '') {
      index += 1;
    } else if (line.startsWith('```')) {
      index += 1;
      const code = take((next) => !next.startsWith('```'));
      index += 1;
      const text = code.join('\n');
      const heading = fragment.querySelector('[data-step]:last-of-type')?.textContent ?? 'the guide';
      fragment.append(
        h('pre', { tabindex: '0' }, h('code', {}, text)),
        copyButton('Copy', () => text, `Copy the block of ${heading}`),
      );
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(' ');
      const text = line.slice(level + 1);
      // The guide's numbered sections are its steps: `## 1. Create the bucket`.
      const step = /^(\d+)\. /.exec(text)?.[1];
      fragment.append(
        h(
          `h${Math.min(level + 2, 6)}`,
          { id: slug(text), class: step ? 'step' : null, 'data-step': step },
          ...inline(text),
        ),
      );
      index += 1;
    } else if (line.startsWith('|')) {
      fragment.append(table(take((next) => next.startsWith('|'))));
    } else if (/^\s*[-*] /.test(line)) {
      const items = take((next) => /^\s*[-*] /.test(next));
      fragment.append(
        h(
          'ul',
          {},
          items.map((item) => h('li', {}, ...inline(item.replace(/^\s*[-*] /, '')))),
        ),
      );
    } else if (/^\s*\d+\. /.test(line)) {
      const items = take((next) => /^\s*\d+\. /.test(next));
      fragment.append(
        h(
          'ol',
          {},
          items.map((item) => h('li', {}, ...withCopy(inline(item.replace(/^\s*\d+\. /, ''))))),
        ),
      );
    } else {
      const paragraph = take((next) => next.trim() !== '' && !/^(```|#{1,6} |\||\s*[-*] |\s*\d+\. )/.test(next));
      fragment.append(h('p', {}, ...inline(paragraph.join(' '))));
    }
  }
  return fragment;
}
