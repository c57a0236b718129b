// Builds elements from text nodes only (no innerHTML), so nothing a server or
// a person typed can turn into markup.

/**
 * Creates an element: h('p', { class: 'hint' }, 'text', otherElement).
 * Attributes named on… become event listeners; true sets an empty attribute;
 * false, null and undefined leave it out. Strings become text nodes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return element;
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren(
    ...children.flat().filter((child) => child !== undefined && child !== null && child !== false),
  );
}

/** A message box: kind is ok, info, warn or error. */
export function message(kind, text, hint) {
  return h('div', { class: `message ${kind}` }, h('p', {}, text), hint ? h('p', { class: 'hint' }, hint) : null);
}

/** Sizes as Uppy shows them (units of 1024): 977 KB, 12 MB, 5 GB. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return 'size not reported yet';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? value.toFixed(0) : Number(value.toFixed(1))} ${units[unit]}`;
}

/** A date and time in the reader's own format. */
export function formatTime(iso) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
