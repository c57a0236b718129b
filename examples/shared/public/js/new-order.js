// The new-order page: the order's fields and Uppy's Dashboard (served from
// the app's own node_modules). Placing the order creates it, then Uppy sends
// each file straight into the chosen lab's bucket through sos's Companion
// routes for that lab: small files as one form upload, big ones in parts.
import { AwsS3, Dashboard, Uppy } from '/vendor/uppy.min.mjs';
import { api } from './api.js';
import { fill, formatBytes, h, message } from './dom.js';

const form = document.getElementById('order-form');
const labSelect = document.getElementById('lab');
const labStatus = document.getElementById('lab-status');
const fileMessages = document.getElementById('file-messages');
const formMessages = document.getElementById('form-messages');
const placeButton = document.getElementById('place-order');
const newOrderButton = document.getElementById('new-order');
const FIELDS = ['labId', 'number', 'patientInitials', 'notes'];

const [demo, labs] = await Promise.all([api('/api/demo'), api('/api/labs')]);
document.getElementById('files-note').textContent =
  `Accepted: ${demo.acceptedFiles}. Files over ${formatBytes(demo.multipartThreshold)} go up in parts.`;

// Why a status text from sos's routes means what it means, for people.
const SERVER_REFUSALS = {
  'Unsupported Media Type': ['the server does not accept this type of file.', `Accepted: ${demo.acceptedFiles}.`],
  'Payload Too Large': ['the file is too large.', `Each file may be up to ${formatBytes(demo.rules.maxFileSize)}.`],
  'Content Too Large': ['the file is too large.', `Each file may be up to ${formatBytes(demo.rules.maxFileSize)}.`],
  Forbidden: [
    'the server would not sign an upload into this lab’s bucket.',
    'Reload the page and place the order again.',
  ],
  'Bad Gateway': [
    'the lab’s bucket refused the upload.',
    'Its connection probably fails: run Check connection on the Labs page.',
  ],
  'Service Unavailable': ['the lab’s storage cannot be reached right now.', 'Try again in a moment.'],
  'Gateway Timeout': ['the lab’s storage did not answer in time.', 'Try again in a moment.'],
};

function addFileMessage(kind, text, hint) {
  fileMessages.append(message(kind, text, hint));
  while (fileMessages.children.length > 6) fileMessages.firstElementChild.remove();
}

function isAccepted(file) {
  const name = (file.name ?? '').toLowerCase();
  const type = file.type ?? '';
  return demo.rules.allowedTypes.some((rule) =>
    rule.startsWith('.')
      ? name.endsWith(rule)
      : rule.endsWith('/*')
        ? type.startsWith(rule.slice(0, -1))
        : type === rule,
  );
}

function refusal(file, error) {
  const name = file?.name ? `“${file.name}”` : 'A file';
  if (file?.size > demo.rules.maxFileSize) {
    return [
      `${name} was not added: it is ${formatBytes(file.size)}, too large.`,
      `Each file may be up to ${formatBytes(demo.rules.maxFileSize)}.`,
    ];
  }
  if (file && !isAccepted(file)) {
    return [`${name} was not added: this type of file is not accepted.`, `Accepted: ${demo.acceptedFiles}.`];
  }
  return [`${name} was not added: ${error.message}`, undefined];
}

function uploadFailure(file, error) {
  const text = String(error?.message ?? error);
  const status = /^Companion request failed: (.+)$/.exec(text)?.[1];
  const [why, hint] = SERVER_REFUSALS[status] ?? [
    'the lab’s bucket did not take it (a network or CORS error).',
    'Check the lab’s connection on the Labs page, then retry.',
  ];
  return [`“${file.name}” was not uploaded: ${why}`, hint];
}

const uppy = new Uppy({
  autoProceed: false,
  restrictions: {
    maxFileSize: demo.rules.maxFileSize,
    allowedFileTypes: demo.rules.allowedTypes,
    maxNumberOfFiles: demo.rules.maxFiles,
  },
}).use(Dashboard, {
  inline: true,
  target: '#drop-zone',
  width: '100%',
  height: 340,
  hideUploadButton: true,
  doneButtonHandler: null,
  proudlyDisplayPoweredByUppy: false,
  note: 'Files go straight into the lab’s own bucket.',
  locale: { strings: { dropPasteFiles: 'Drop scans and photos here, or %{browseFiles}' } },
});

function useLab(labId) {
  const current = uppy.getPlugin('AwsS3');
  if (current) uppy.removePlugin(current);
  // The lab is part of the endpoint: Uppy's S3 client sends no headers of ours.
  uppy.use(AwsS3, {
    id: 'AwsS3',
    companionEndpoint: `/api/labs/${encodeURIComponent(labId)}/sos`,
    shouldUseMultipart: (file) => file.size > demo.multipartThreshold,
    getChunkSize: () => demo.multipartThreshold,
  });
}

function showLabStatus() {
  const lab = labs.find((entry) => entry.id === labSelect.value);
  fill(labStatus);
  if (!lab) return;
  useLab(lab.id);
  if (lab.lastCheck?.status === 'failed') {
    fill(
      labStatus,
      message(
        'error',
        `${lab.name}’s bucket failed its last connection check: ${lab.lastCheck.problem?.message ?? ''}`,
        'Orders for this lab are refused until it is fixed: run Check connection on the Labs page.',
      ),
    );
  } else if (!lab.lastCheck) {
    fill(
      labStatus,
      message('warn', `${lab.name}’s connection has not been checked yet.`, 'Check it on the Labs page.'),
    );
  } else {
    fill(labStatus, h('p', { class: 'field-note' }, `Files go to the bucket ${lab.bucket} (${lab.region}).`));
  }
}

let order = null;
let reports = [];

uppy.on('restriction-failed', (file, error) => addFileMessage('error', ...refusal(file, error)));
uppy.on('file-added', () => fill(formMessages));
uppy.on('upload-success', (file, response) => {
  if (!order) return;
  const report = { key: response.body.key, status: 'uploaded', size: file.size };
  reports.push(api(`/api/orders/${order.id}/files`, { method: 'POST', body: report }));
});
uppy.on('upload-error', (file, error) => {
  const [text, hint] = uploadFailure(file, error);
  addFileMessage('error', text, hint);
  if (order) {
    const report = { name: file.name, status: 'failed', error: text.slice(0, 500) };
    reports.push(api(`/api/orders/${order.id}/files`, { method: 'POST', body: report }).catch(() => {}));
  }
});

function markInvalid(field) {
  for (const name of FIELDS) form.elements.namedItem(name).removeAttribute('aria-invalid');
  const input = field && FIELDS.includes(field) ? form.elements.namedItem(field) : null;
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}

function lockForm(locked) {
  for (const name of FIELDS) form.elements.namedItem(name).disabled = locked;
}

async function upload() {
  placeButton.textContent = 'Uploading…';
  uppy.setMeta({ order: order.id });
  reports = [];
  const result = await uppy.upload();
  await Promise.allSettled(reports);
  const lab = labs.find((entry) => entry.id === order.labId);
  const done = result?.successful?.length ?? 0;
  const failed = result?.failed?.length ?? 0;
  fill(
    formMessages,
    failed === 0
      ? message(
          'ok',
          `Order ${order.number} placed: ${done} ${done === 1 ? 'file is' : 'files are'} now in ${lab.name}’s bucket ${lab.bucket}.`,
          'See them on the Orders page.',
        )
      : message(
          'error',
          `Order ${order.number} placed, but ${failed} of ${done + failed} files did not upload.`,
          'Retry them here; the order keeps the files that arrived.',
        ),
    h('p', {}, h('a', { href: '/orders' }, 'See all orders')),
  );
  placeButton.textContent = 'Retry the failed files';
  placeButton.disabled = false;
  placeButton.hidden = failed === 0;
  newOrderButton.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  fill(formMessages);
  markInvalid(null);
  if (order) {
    placeButton.disabled = true;
    await upload();
    return;
  }
  if (uppy.getFiles().length === 0) {
    fill(
      formMessages,
      message('error', 'Add at least one file to the order.', 'Drop it on the area above, or browse.'),
    );
    return;
  }
  placeButton.disabled = true;
  placeButton.textContent = 'Placing the order…';
  const values = Object.fromEntries(FIELDS.map((name) => [name, form.elements.namedItem(name).value]));
  try {
    order = await api('/api/orders', { method: 'POST', body: values });
  } catch (error) {
    fill(formMessages, message('error', error.message, error.hint));
    markInvalid(error.field);
    placeButton.disabled = false;
    placeButton.textContent = 'Place order and upload';
    return;
  }
  lockForm(true);
  await upload();
});

newOrderButton.addEventListener('click', () => {
  order = null;
  uppy.cancelAll();
  form.reset();
  lockForm(false);
  fill(formMessages);
  fill(fileMessages);
  placeButton.disabled = false;
  placeButton.hidden = false;
  placeButton.textContent = 'Place order and upload';
  newOrderButton.hidden = true;
  showLabStatus();
});

if (labs.length === 0) {
  fill(labStatus, message('warn', 'No lab is connected yet.', 'Add one on the Labs page first.'));
  placeButton.disabled = true;
} else {
  fill(
    labSelect,
    labs.map((lab) => h('option', { value: lab.id }, `${lab.name} (bucket ${lab.bucket})`)),
  );
  const wanted = new URLSearchParams(location.search).get('lab');
  labSelect.value = labs.some((lab) => lab.id === wanted)
    ? wanted
    : (labs.find((lab) => lab.lastCheck?.status !== 'failed') ?? labs[0]).id;
  showLabStatus();
}
labSelect.addEventListener('change', showLabStatus);
