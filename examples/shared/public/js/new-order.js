// The new-order page: the order's fields, a drop zone and one row per file.
// Placing the order creates it, then @sos/client (served from the app's own
// node_modules) sends each file straight into the chosen lab's bucket through
// sos's routes for that lab: small files in one request, big ones in parts,
// with retries, pause, resume and cancel. Uploads in parts are remembered in
// this browser, so after a reload the same file picked again resumes.
import { createUploader } from '/vendor/sos-client/index.js';
import { api } from './api.js';
import { fill, formatBytes, h, message } from './dom.js';
import { forgetOpenOrder, forgetUpload, readOpenOrder, rememberUploads, sameFile } from './open-order.js';
import { createUploadRow } from './upload-row.js';

const form = document.getElementById('order-form');
const labSelect = document.getElementById('lab');
const labStatus = document.getElementById('lab-status');
const dropZone = document.getElementById('drop-zone');
const fileInput = document.getElementById('file-input');
const fileList = document.getElementById('file-list');
const fileMessages = document.getElementById('file-messages');
const formMessages = document.getElementById('form-messages');
const resumeMessages = document.getElementById('resume-messages');
const placeButton = document.getElementById('place-order');
const newOrderButton = document.getElementById('new-order');
const FIELDS = ['labId', 'number', 'patientInitials', 'notes'];
/** Files sent at once; with 3 requests each they use the 6 connections a browser opens to one host. */
const FILES_AT_ONCE = 2;
const REQUESTS_PER_FILE = 3;
/**
 * While the browser knows it is offline, the client waits for the network
 * without counting tries. A clinic's connection may also fail while the
 * browser believes it is online, for longer than the client's default
 * patience (5 tries, all within 7.5 s): here each request is tried up to 8
 * times, the waits growing up to 15 s (a minute at most in all), so a short
 * outage does not fail a scan of several GB.
 */
const RETRY = { attempts: 8, baseDelay: 1000, maxDelay: 15_000 };

const [demo, labs] = await Promise.all([api('/api/demo'), api('/api/labs')]);
document.getElementById('files-note').textContent =
  `Accepted: ${demo.acceptedFiles}. Files of ${formatBytes(demo.multipartThreshold)} or more go up in parts.`;

/** The order being uploaded into, once placed (or found again after a reload). */
let order = null;
/** One entry per file row: the file, its state, its task while it uploads. */
let entries = [];
const queue = [];
const active = new Set();

const labOf = (labId) => labs.find((lab) => lab.id === labId);

/** Says why a file was not added, once: the same reason for the same file is not repeated. */
function addFileMessage(kind, text, hint) {
  if ([...fileMessages.children].some((shown) => shown.firstElementChild?.textContent === text)) return;
  fileMessages.append(message(kind, text, hint));
  while (fileMessages.children.length > 6) fileMessages.firstElementChild.remove();
}

function isAccepted(file) {
  const name = file.name.toLowerCase();
  return demo.rules.allowedTypes.some((rule) =>
    rule.startsWith('.')
      ? name.endsWith(rule)
      : rule.endsWith('/*')
        ? file.type.startsWith(rule.slice(0, -1))
        : file.type === rule,
  );
}

/** Why a file is not added, in words, or `undefined` when it may be. The server checks the same rules again. */
function refusal(file) {
  const name = `“${file.name}”`;
  if (!isAccepted(file)) {
    return [`${name} was not added: this type of file is not accepted.`, `Accepted: ${demo.acceptedFiles}.`];
  }
  if (file.size < (demo.rules.minFileSize ?? 1)) {
    return [
      `${name} was not added: it is empty (0 bytes), so there is nothing to send.`,
      'Its export or copy may have stopped half-way: save the file again, check that it opens, then add it.',
    ];
  }
  if (file.size > demo.rules.maxFileSize) {
    return [
      `${name} was not added: it is ${formatBytes(file.size)}, too large.`,
      `Each file may be up to ${formatBytes(demo.rules.maxFileSize)}.`,
    ];
  }
  if (entries.some((entry) => sameFile(entry.file, file) && entry.state !== 'cancelled')) {
    return [`${name} is already in the list.`, undefined];
  }
  if (entries.length >= demo.rules.maxFiles) {
    return [
      `${name} was not added: an order takes up to ${demo.rules.maxFiles} files.`,
      'Place another order for the rest.',
    ];
  }
  return undefined;
}

function addFiles(files) {
  fill(formMessages);
  // Each pick says why its own files were not added; earlier reasons are gone with it.
  fill(fileMessages);
  const interrupted = readOpenOrder();
  for (const file of files) {
    const refused = refusal(file);
    if (refused) {
      addFileMessage('error', ...refused);
      continue;
    }
    const entry = {
      file,
      state: 'ready',
      labName: '',
      interrupted: order !== null && interrupted?.id === order.id && interrupted.files.some((f) => sameFile(f, file)),
    };
    const { row, draw } = createUploadRow(entry, act);
    entry.row = row;
    entry.draw = draw;
    entries.push(entry);
    fileList.append(row);
  }
  updateButtons();
}

fileInput.addEventListener('change', () => {
  addFiles([...fileInput.files]);
  fileInput.value = '';
});
for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
}
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  addFiles([...(event.dataTransfer?.files ?? [])]);
});
// A file dropped next to the zone would otherwise replace the page.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());

function report(entry, body) {
  return api(`/api/orders/${entry.order.id}/files`, { method: 'POST', body }).catch(() => {
    // The row already says what happened; the Orders page then shows the file as still uploading.
  });
}

/** Records where the file ended up, in the order and in the row. */
async function finish(entry, result) {
  entry.task = undefined;
  if (result.status === 'done') {
    entry.state = 'done';
    entry.bytesSent = entry.file.size;
    forgetUpload(entry.order, entry.file);
    await report(entry, { key: result.key, status: 'uploaded', size: entry.file.size });
  } else if (result.status === 'failed') {
    entry.state = 'failed';
    entry.error = result.error;
    entry.canRetry = true;
    await report(entry, {
      name: entry.file.name,
      status: 'failed',
      error: `${result.error.message} ${result.error.hint ?? ''}`.trim().slice(0, 500),
    });
  } else {
    entry.state = 'cancelled';
    entry.note = result.note;
    forgetUpload(entry.order, entry.file);
    const named = result.key === undefined ? { name: entry.file.name } : { key: result.key };
    await report(entry, { ...named, status: 'cancelled', note: result.note.slice(0, 500) });
  }
  entry.draw();
}

function start(entry) {
  const { labId, id } = entry.order;
  const uploader = createUploader({ endpoint: `/api/labs/${encodeURIComponent(labId)}/sos` });
  entry.labName = labOf(labId)?.name ?? labId;
  entry.error = undefined;
  entry.retry = undefined;
  entry.resumed = undefined;
  entry.startedOver = false;
  entry.progressAt = Date.now();
  entry.state = 'uploading';
  entry.task = uploader.upload(entry.file, {
    metadata: { order: id },
    concurrency: REQUESTS_PER_FILE,
    retry: RETRY,
    // Uploads in parts are remembered in localStorage, so that the same file picked after a reload resumes.
    persist: true,
    onProgress(progress) {
      // Told each second while requests are in flight, even when nothing moves: a stall shows by itself.
      const bytesSent = progress.files[0]?.bytesSent ?? progress.bytesSent;
      if (bytesSent !== entry.bytesSent) entry.progressAt = Date.now();
      entry.bytesSent = bytesSent;
      entry.rate = progress.rate;
      entry.eta = progress.eta;
      entry.draw();
    },
    onFileStateChange(change) {
      entry.state = change.state;
      if (change.error !== undefined) entry.error = change.error;
      // The request that failed last: which attempt comes, and why.
      if (change.attempt !== undefined) entry.retry = change;
      // A saved upload that could not be resumed (expired, or gone): the file starts over.
      if (entry.resumed && !change.resumed) entry.startedOver = true;
      entry.resumed = change.resumed;
      entry.draw();
    },
  });
  entry.draw();
  return entry.task;
}

/** Starts queued files while fewer than FILES_AT_ONCE are uploading. */
function pump() {
  while (active.size < FILES_AT_ONCE && queue.length > 0) {
    const entry = queue.shift();
    active.add(entry);
    Promise.resolve()
      .then(() => start(entry))
      .then(([result]) => finish(entry, result))
      .catch((error) =>
        finish(entry, { status: 'failed', error: { message: String(error?.message ?? error), hint: undefined } }),
      )
      .finally(() => {
        active.delete(entry);
        pump();
        if (entry.order === order && active.size === 0 && queue.length === 0) finished();
      });
  }
}

function enqueue(list) {
  for (const entry of list) {
    entry.order = order;
    entry.state = 'queued';
    entry.canRetry = false;
    entry.draw();
    queue.push(entry);
  }
  rememberUploads(
    order,
    list.map((entry) => entry.file),
  );
  updateButtons();
  pump();
}

async function act(entry, action) {
  if (action === 'remove') {
    entries = entries.filter((other) => other !== entry);
    entry.row.remove();
    updateButtons();
  } else if (action === 'retry') {
    enqueue([entry]);
  } else if (action === 'pause') {
    entry.task?.pause();
    entry.state = 'paused';
    entry.draw();
  } else if (action === 'resume') {
    entry.task?.resume();
    entry.progressAt = Date.now();
    entry.state = 'uploading';
    entry.draw();
  } else if (action === 'cancel') {
    if (entry.task) {
      await entry.task.cancel();
    } else {
      queue.splice(queue.indexOf(entry), 1);
      entry.state = 'cancelled';
      entry.note = 'Nothing of it was sent.';
      forgetUpload(entry.order, entry.file);
      entry.draw();
      if (active.size === 0 && queue.length === 0) finished();
    }
  }
}

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The order's outcome once no file is uploading: what arrived, what did not. */
function finished() {
  const lab = labOf(order.labId);
  const sent = entries.filter((entry) => ['done', 'failed', 'cancelled'].includes(entry.state));
  const done = sent.filter((entry) => entry.state === 'done').length;
  const failed = sent.filter((entry) => entry.state === 'failed').length;
  const cancelled = sent.filter((entry) => entry.state === 'cancelled').length;
  const where = `${lab?.name ?? order.labId}’s bucket ${lab?.bucket ?? ''}`.trim();
  const notThere = [failed > 0 ? `${failed} failed` : null, cancelled > 0 ? `${cancelled} cancelled` : null]
    .filter(Boolean)
    .join(', ');
  const summary =
    done === sent.length
      ? message(
          'ok',
          `Order ${order.number}: ${count(done, 'file is', 'files are')} now in ${where}.`,
          'See them on the Orders page.',
        )
      : message(
          failed > 0 ? 'error' : 'warn',
          done === 0
            ? `Order ${order.number}: no file is in ${where} (${notThere}).`
            : `Order ${order.number}: ${done} of ${sent.length} files are in ${where}; ${notThere}.`,
          failed > 0
            ? 'Each failed file says why; “Try again” sends it again. The order keeps the files that arrived.'
            : 'The order keeps the files that arrived; add others above.',
        );
  fill(formMessages, summary, h('p', {}, h('a', { href: '/orders' }, 'See all orders')));
  newOrderButton.hidden = false;
  updateButtons();
}

function updateButtons() {
  const ready = entries.filter((entry) => entry.state === 'ready').length;
  if (order === null) {
    placeButton.hidden = false;
    placeButton.textContent = 'Place order and upload';
    return;
  }
  placeButton.hidden = ready === 0;
  placeButton.disabled = false;
  placeButton.textContent =
    readOpenOrder()?.id === order.id && active.size === 0 && queue.length === 0
      ? `Upload into order ${order.number}`
      : 'Upload the added files';
}

function showLabStatus() {
  const lab = labOf(labSelect.value);
  fill(labStatus);
  if (!lab) return;
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

function markInvalid(field) {
  for (const name of FIELDS) form.elements.namedItem(name).removeAttribute('aria-invalid');
  const input = field && FIELDS.includes(field) ? form.elements.namedItem(field) : null;
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}

function lockForm(locked) {
  for (const name of FIELDS) form.elements.namedItem(name).disabled = locked;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  fill(formMessages);
  markInvalid(null);
  const ready = entries.filter((entry) => entry.state === 'ready');
  if (ready.length === 0) {
    fill(
      formMessages,
      message('error', 'Add at least one file to the order.', 'Drop it on the area above, or browse.'),
    );
    return;
  }
  if (order === null) {
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
  }
  fill(resumeMessages);
  enqueue(ready);
});

function startOver() {
  for (const entry of entries) entry.task?.cancel();
  order = null;
  entries = [];
  queue.length = 0;
  fill(fileList);
  form.reset();
  lockForm(false);
  fill(formMessages);
  fill(fileMessages);
  fill(resumeMessages);
  placeButton.disabled = false;
  newOrderButton.hidden = true;
  selectLab(new URLSearchParams(location.search).get('lab'));
  updateButtons();
}

newOrderButton.addEventListener('click', startOver);

function selectLab(wanted) {
  labSelect.value = labs.some((lab) => lab.id === wanted)
    ? wanted
    : (labs.find((lab) => lab.lastCheck?.status !== 'failed') ?? labs[0]).id;
  showLabStatus();
}

/** After a reload: the order whose uploads did not finish, filled in, waiting for its files to be picked again. */
async function offerToResume() {
  const open = readOpenOrder();
  if (open === null) return;
  const known = await api('/api/orders').catch(() => []);
  if (!known.some((entry) => entry.id === open.id) || !labOf(open.labId)) {
    // The order is gone (the embedded demo starts empty each run): nothing to resume into.
    forgetOpenOrder();
    return;
  }
  order = open;
  selectLab(open.labId);
  for (const name of ['number', 'patientInitials', 'notes']) form.elements.namedItem(name).value = open[name] ?? '';
  lockForm(true);
  const names = open.files.map((file) => `${file.name} (${formatBytes(file.size)})`).join(', ');
  fill(
    resumeMessages,
    message(
      'info',
      `Order ${open.number} did not finish uploading: ${names}.`,
      'Pick the same files again to resume them: the parts already in the bucket are not sent again. A new order instead leaves those parts in the bucket until its lifecycle rule removes them.',
    ),
    h(
      'p',
      { class: 'buttons' },
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            forgetOpenOrder();
            startOver();
          },
        },
        'Start a new order instead',
      ),
    ),
  );
  updateButtons();
}

if (labs.length === 0) {
  fill(labStatus, message('warn', 'No lab is connected yet.', 'Add one on the Labs page first.'));
  placeButton.disabled = true;
} else {
  fill(
    labSelect,
    labs.map((lab) => h('option', { value: lab.id }, `${lab.name} (bucket ${lab.bucket})`)),
  );
  selectLab(new URLSearchParams(location.search).get('lab'));
  await offerToResume();
}
labSelect.addEventListener('change', showLabStatus);
