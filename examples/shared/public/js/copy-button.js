import { h } from './dom.js';

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without the clipboard API (an insecure origin), copy through a selected text area.
    const area = h('textarea', { 'aria-hidden': 'true', style: 'position:fixed;opacity:0' });
    area.value = text;
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** A button that copies `text()` and says so for a moment; `name` is what screen readers hear. */
export function copyButton(label, text, name = label) {
  const status = h('span', { class: 'muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'small',
      'aria-label': name,
      async onclick() {
        status.textContent = (await copyText(text())) ? 'Copied.' : 'Select the text and copy it.';
        setTimeout(() => {
          status.textContent = '';
        }, 2500);
      },
    },
    label,
  );
  return h('span', { class: 'buttons' }, button, status);
}

/** A collapsible document: its title, the text in a pre block, and a copy button. */
export function documentBlock(title, text, { open = false, note } = {}) {
  return h(
    'details',
    { class: 'document', open },
    h('summary', {}, title),
    h(
      'div',
      { class: 'document-body' },
      note ? h('p', { class: 'field-note' }, note) : null,
      h('pre', { tabindex: '0' }, h('code', {}, text)),
      copyButton('Copy', () => text, `Copy ${title}`),
    ),
  );
}
