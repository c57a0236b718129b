import { documentBlock } from './copy-button.js';
import { h } from './dom.js';

const TITLES = {
  format: 'Names and key format',
  identity: 'Who the key belongs to',
  region: 'Region',
  bucket: 'Bucket',
  write: 'Upload with the key',
  'presigned-write': 'Upload from a browser',
  'least-privilege': 'Only upload rights',
  cors: 'Browser access (CORS)',
  clock: 'Server clock',
};
const ICONS = { pass: '✓', warn: '!', fail: '✗', skip: '–' };
const WORDS = { pass: 'passed', warn: 'warning', fail: 'failed', skip: 'not checked' };
const SUMMARIES = {
  ok: ['ok', '✓ Uploads will work.'],
  degraded: ['warn', '✓ Uploads will work. Read the warnings below.'],
  failed: ['error', '✗ Uploads will not work yet. Fix what failed below, then check again.'],
};

function checkItem(check) {
  const details = check.details ?? {};
  return h(
    'li',
    { class: `check ${check.status}`, 'data-check': check.id, 'data-code': check.code },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, ICONS[check.status] ?? '?'),
    h(
      'div',
      {},
      h(
        'div',
        { class: 'check-title' },
        h('strong', {}, TITLES[check.id] ?? check.id),
        h('span', { class: `badge ${check.status}` }, WORDS[check.status] ?? check.status),
        h('code', { class: 'muted' }, check.code),
      ),
      h('p', {}, check.message),
      check.status !== 'pass' && check.hint ? h('p', { class: 'hint' }, check.hint) : null,
      typeof details.policy === 'string' ? documentBlock('Policy to paste', details.policy) : null,
      details.cors ? documentBlock('CORS rule to paste', JSON.stringify(details.cors, null, 2)) : null,
    ),
  );
}

/** The connection check's result: one line that says whether uploads will work, then every check. */
export function renderCheckResult(result, heading) {
  const [kind, summary] = SUMMARIES[result.status] ?? ['info', result.status];
  return h(
    'div',
    { class: 'check-result', 'data-status': result.status },
    heading ? h('h3', {}, heading) : null,
    h('div', { class: `message ${kind} check-summary` }, h('p', {}, summary)),
    h('ol', { class: 'checks' }, result.checks.map(checkItem)),
  );
}
