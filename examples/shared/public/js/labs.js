// The lab settings page: the labs with their last check, the form that adds
// or changes one (Check connection tries the form's values without saving),
// and what the lab needs to set up its bucket.
import { api } from './api.js';
import { renderCheckResult } from './check-results.js';
import { copyButton, documentBlock } from './copy-button.js';
import { fill, formatTime, h, message } from './dom.js';
import { renderMarkdown } from './markdown.js';

const list = document.getElementById('lab-list');
const form = document.getElementById('lab-form');
const settingsTitle = document.getElementById('settings-title');
const formMessages = document.getElementById('form-messages');
const pageMessages = document.getElementById('page-messages');
const checkOutput = document.getElementById('check-output');
const setupOutput = document.getElementById('setup-output');
const guideSection = document.getElementById('guide');
const guideOutput = document.getElementById('guide-output');
const secretInput = document.getElementById('secretAccessKey');
const secretNote = document.getElementById('secret-note');
const FIELDS = ['name', 'bucket', 'region', 'accessKeyId', 'secretAccessKey'];

let labs = [];
let selectedId = null;

const STATUS = {
  ok: ['ok', 'uploads work'],
  degraded: ['degraded', 'uploads work, with warnings'],
  failed: ['failed', 'connection fails'],
};

function statusBadge(lastCheck) {
  const [kind, text] = lastCheck ? STATUS[lastCheck.status] : ['none', 'not checked yet'];
  return h('span', { class: `badge ${kind}` }, text);
}

/** Runs `work` with the button disabled and saying what happens, and shows any error in `where`. */
async function busy(button, text, where, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = text;
  fill(where);
  try {
    return await work();
  } catch (error) {
    showError(where, error);
    return undefined;
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function showError(where, error) {
  for (const name of FIELDS) form.elements.namedItem(name).removeAttribute('aria-invalid');
  if (error.field && FIELDS.includes(error.field)) {
    const input = form.elements.namedItem(error.field);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
  fill(where, message('error', error.message, error.hint));
}

/**
 * Once a value in the form changes, what was said about the old values no
 * longer holds: the field's error styling goes, and so does its message,
 * and a check of the form's values is marked as done on other values.
 */
function formChanged(input) {
  if (input.getAttribute('aria-invalid') === 'true') {
    input.removeAttribute('aria-invalid');
    fill(formMessages);
  }
  const result = checkOutput.querySelector('.check-result[data-source="form"]:not([data-stale])');
  if (!result) return;
  result.dataset.stale = 'true';
  result.prepend(
    message(
      'info',
      'This check was of the values before your change: it says nothing about the values above now.',
      'Click Check connection to check them.',
    ),
  );
}

function labCard(lab) {
  const problem = lab.lastCheck?.problem;
  return h(
    'li',
    { class: 'card lab', 'data-lab': lab.id, 'aria-current': lab.id === selectedId ? 'true' : null },
    h('h2', {}, lab.name),
    h('div', {}, statusBadge(lab.lastCheck)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Bucket'),
      h('dd', {}, h('code', {}, lab.bucket)),
      h('dt', {}, 'Region'),
      h('dd', {}, lab.region),
      lab.endpoint ? [h('dt', {}, 'S3 endpoint'), h('dd', {}, lab.endpoint)] : null,
      h('dt', {}, 'Access key ID'),
      h('dd', {}, h('code', { class: 'one-line', title: lab.accessKeyId }, lab.accessKeyId)),
      h('dt', {}, 'Secret'),
      h(
        'dd',
        {},
        lab.secret === 'sealed' ? '•••••••• stored sealed' : 'cannot be opened with this server’s key: enter it again',
      ),
    ),
    lab.lastCheck
      ? h(
          'p',
          { class: 'field-note' },
          `Checked ${formatTime(lab.lastCheck.at)}.`,
          problem && lab.lastCheck.status === 'failed' ? ` ${problem.message}` : '',
        )
      : null,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'small', onclick: () => select(lab.id) }, 'Settings'),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          'data-action': 'check',
          onclick: (event) => checkSaved(lab.id, event.target),
        },
        'Check connection',
      ),
    ),
  );
}

function renderList() {
  fill(list, labs.length > 0 ? labs.map(labCard) : h('li', { class: 'card' }, 'No lab yet: add one below.'));
}

async function load() {
  try {
    labs = await api('/api/labs');
    renderList();
  } catch (error) {
    fill(pageMessages, message('error', error.message, error.hint));
  }
}

function formValues() {
  return Object.fromEntries(FIELDS.map((name) => [name, form.elements.namedItem(name).value]));
}

/** Shows a lab's settings in the form (the secret stays empty) and its setup documents. */
function select(id) {
  selectedId = id;
  const lab = labs.find((entry) => entry.id === id);
  settingsTitle.textContent = lab ? `Settings of ${lab.name}` : 'Add a lab';
  for (const name of FIELDS) {
    const input = form.elements.namedItem(name);
    input.value = lab && name !== 'secretAccessKey' ? lab[name] : '';
    input.removeAttribute('aria-invalid');
  }
  secretInput.placeholder = lab ? '•••••••• stored sealed; leave empty to keep it' : '';
  secretNote.textContent = lab
    ? 'The stored secret is never shown. Type a new one only to replace it.'
    : 'AWS shows it only once, when the key is created.';
  fill(formMessages);
  fill(checkOutput);
  renderList();
  history.replaceState(null, '', lab ? `#${encodeURIComponent(id)}` : location.pathname);
  void showSetup(lab);
}

async function checkSaved(id, button) {
  if (selectedId !== id) select(id);
  const lab = labs.find((entry) => entry.id === id);
  const answer = await busy(button, 'Checking…', checkOutput, () =>
    api(`/api/labs/${encodeURIComponent(id)}/check`, { method: 'POST' }),
  );
  if (!answer) return;
  labs = labs.map((entry) => (entry.id === id ? answer.lab : entry));
  renderList();
  fill(checkOutput, renderCheckResult(answer.check, `Connection check of ${lab?.name ?? id}`));
  checkOutput.scrollIntoView({ block: 'nearest' });
}

async function checkForm(button) {
  fill(formMessages);
  // A result of other values must not stay below an error about these.
  fill(checkOutput);
  const result = await busy(button, 'Checking…', formMessages, () =>
    api('/api/labs/check', { method: 'POST', body: { ...formValues(), id: selectedId ?? undefined } }),
  );
  if (!result) return;
  const shown = renderCheckResult(result, 'Connection check of the values above (not saved)');
  shown.dataset.source = 'form';
  fill(formMessages, noticeMessages(result.notices));
  fill(checkOutput, shown);
}

async function save(button) {
  const values = formValues();
  fill(checkOutput);
  const answer = await busy(button, 'Saving and checking…', formMessages, () =>
    selectedId
      ? api(`/api/labs/${encodeURIComponent(selectedId)}`, { method: 'PUT', body: values })
      : api('/api/labs', { method: 'POST', body: values }),
  );
  if (!answer) return;
  await load();
  select(answer.lab.id);
  fill(formMessages, savedMessage(answer), noticeMessages(answer.notices));
  fill(checkOutput, renderCheckResult(answer.check, 'Connection check of the saved settings'));
}

/** What the connection check cannot see (a bucket another lab uses), as warnings. */
function noticeMessages(notices = []) {
  return notices.map((notice) => {
    const shown = message('warn', notice.message, notice.hint);
    shown.dataset.code = notice.code;
    return shown;
  });
}

/** What a save says: saved, and whether uploads into the lab's bucket will work. */
function savedMessage({ lab, check }) {
  if (check.status === 'failed') {
    return message(
      'warn',
      `Saved ${lab.name}, but uploads into its bucket will fail: its connection check failed.`,
      'Orders for this lab are refused until it passes. Fix what failed below, then save again.',
    );
  }
  return message(
    'ok',
    `Saved ${lab.name}. The secret is stored sealed.`,
    check.status === 'degraded' ? 'Uploads will work; read the warnings below.' : undefined,
  );
}

function jsonText(value) {
  return JSON.stringify(value, null, 2);
}

function cloudFormationBlock(cloudFormation) {
  return h(
    'details',
    { class: 'document' },
    h('summary', {}, 'One click instead: CloudFormation'),
    h(
      'div',
      { class: 'document-body' },
      h(
        'p',
        {},
        'Instead of following the guide, the lab can create the bucket, its CORS and lifecycle rules, the upload user and its key with one CloudFormation stack.',
      ),
      cloudFormation.quickCreateUrl
        ? h(
            'p',
            {},
            h(
              'a',
              { class: 'button primary', href: cloudFormation.quickCreateUrl, target: '_blank', rel: 'noopener' },
              'Open Quick create in the AWS console',
            ),
          )
        : message(
            'info',
            'The one-click link needs the template in an S3 bucket: upload it there and set SOS_CLOUDFORMATION_TEMPLATE_URL to its URL.',
            'Meanwhile the lab downloads it and chooses CloudFormation › Create stack › Upload a template file.',
          ),
      h(
        'div',
        { class: 'buttons' },
        h('a', { class: 'button small', href: cloudFormation.yamlUrl, download: '' }, 'Download the template (YAML)'),
        h('a', { class: 'button small', href: cloudFormation.jsonUrl, download: '' }, 'Download it as JSON'),
      ),
      h(
        'p',
        { class: 'field-note' },
        `Stack name: ${cloudFormation.stackName}. The new key is in the stack’s Outputs (AccessKeyId, ${cloudFormation.secretOutputs.join(', ')}): enter it above.`,
      ),
    ),
  );
}

function renderSetup(lab, setup, documents) {
  // The guide is long (a dozen screens on a phone): it gets a section of its own, not a box that scrolls.
  fill(
    guideOutput,
    h(
      'p',
      { class: 'field-note' },
      `Send it to the lab’s admin: every value in it is filled in for the bucket ${setup.bucket} in ${setup.region}.`,
    ),
    copyButton('Copy the guide as Markdown', () => setup.guide),
    h('div', { class: 'guide' }, renderMarkdown(setup.guide)),
  );
  guideSection.hidden = false;
  fill(
    setupOutput,
    h(
      'p',
      { class: 'muted' },
      `Everything below is filled in for the bucket ${setup.bucket} in ${setup.region}`,
      lab ? ` (from ${lab.name}’s settings).` : '.',
    ),
    documentBlock('Upload policy', jsonText(documents.policy), {
      open: true,
      note: 'The only right the key needs: s3:PutObject into the orders/ folder of this bucket. Paste it as the IAM user’s inline policy.',
    }),
    documentBlock('Upload policy with multipart rights', jsonText(documents.multipartPolicy), {
      note: 'Adds the rights to abort and resume large uploads.',
    }),
    documentBlock('CORS configuration', jsonText(documents.cors), {
      note: 'Lets browsers on this app’s pages upload. S3 console: bucket › Permissions › Cross-origin resource sharing.',
    }),
    documentBlock('Lifecycle rule', jsonText(documents.lifecycle), {
      note: 'Deletes uploads after 5 days, and unfinished parts of large uploads after one.',
    }),
    h('p', {}, h('a', { href: '#guide-title' }, 'The setup guide, step by step'), ', is below.'),
    cloudFormationBlock(setup.cloudFormation),
  );
}

/** Shows the setup documents: a saved lab's from sos's own /setup route, a new lab's for the bucket typed in the form. */
async function showSetup(lab) {
  guideSection.hidden = true;
  if (!lab) {
    fill(
      setupOutput,
      h('p', {}, 'A lab without a bucket yet: enter the bucket name it will create and its region above, then'),
      h('button', { type: 'button', onclick: (event) => previewSetup(event.target) }, 'Show the setup for this bucket'),
    );
    return;
  }
  try {
    const query = new URLSearchParams({ bucket: lab.bucket, region: lab.region });
    const [documents, setup] = await Promise.all([
      api(`/api/labs/${encodeURIComponent(lab.id)}/sos/setup`),
      api(`/api/setup?${query}`),
    ]);
    if (selectedId === lab.id) renderSetup(lab, setup, documents);
  } catch (error) {
    fill(setupOutput, message('error', error.message, error.hint));
  }
}

async function previewSetup(button) {
  const { bucket, region } = formValues();
  const setup = await busy(button, 'Loading…', formMessages, () =>
    api(`/api/setup?${new URLSearchParams({ bucket, region })}`),
  );
  if (setup) renderSetup(null, setup, setup.documents);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save(document.getElementById('save'));
});
form.addEventListener('input', (event) => formChanged(event.target));
document.getElementById('check-form').addEventListener('click', (event) => void checkForm(event.target));
document.getElementById('add-lab').addEventListener('click', () => {
  select(null);
  form.elements.namedItem('name').focus();
});

await load();
const wanted = decodeURIComponent(location.hash.slice(1));
select(labs.some((lab) => lab.id === wanted) ? wanted : (labs[0]?.id ?? null));
