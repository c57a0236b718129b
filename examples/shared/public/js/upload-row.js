// One file of the new-order page: its row (name, size, progress bar, what is
// happening in words, and the buttons that fit), kept up to date as the
// upload goes.
import { fill, formatBytes, h } from './dom.js';

/** How long something takes, in words: 40 s, 3 min, 1 h 5 min. */
export function formatDuration(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

const part = (count) => (count === 1 ? 'part' : 'parts');
/** Seconds without progress after which the row stops showing a rate and a time left. */
const STALE_AFTER = 4;

/** Why a request is being tried again, without the URL or code it failed with. */
function retryReason(error) {
  if (!error) return '';
  if (error.source === 'network') {
    return error.code === 'TIMEOUT' ? 'The upload stalled.' : 'The connection dropped.';
  }
  if (error.source === 's3') return 'The lab’s bucket was busy.';
  return 'This server did not answer.';
}

/** What the row says: the state in a few words, and the line below it. */
function describe(entry) {
  const { file, state, bytesSent = 0 } = entry;
  const sent = `${formatBytes(bytesSent)} of ${formatBytes(file.size)}`;
  switch (state) {
    case 'ready':
      return entry.interrupted
        ? ['Ready to resume', 'Its upload stopped before; the parts already in the bucket are not sent again.']
        : ['Ready to upload'];
    case 'queued':
      return ['Waiting for its turn'];
    case 'hashing':
      return ['Reading the file'];
    case 'uploading': {
      // The client reports progress each second, moving or not; past a few quiet seconds, say so.
      const quiet = (Date.now() - (entry.progressAt ?? Date.now())) / 1000;
      if (quiet >= STALE_AFTER) return [`Uploading: ${sent} · no progress for ${formatDuration(quiet)}`];
      const rate = entry.rate > 0 ? ` · ${formatBytes(entry.rate)}/s` : '';
      const eta = entry.eta !== undefined && entry.rate > 0 ? ` · about ${formatDuration(entry.eta)} left` : '';
      return [`Uploading: ${sent}${rate}${eta}`];
    }
    case 'paused':
      return [`Paused at ${sent}`, 'Resume carries on from there.'];
    case 'retrying': {
      // The client keeps the file `retrying` while any of its requests waits to be tried again.
      const retry = entry.retry ?? {};
      return [
        `Trying again (attempt ${retry.attempt ?? '?'} of ${retry.attempts ?? '?'}): ${sent}`,
        `${retryReason(retry.error)} The parts already sent are kept.`,
      ];
    }
    case 'offline':
      return [
        `Waiting for the network: ${sent}`,
        'The upload goes on by itself once this device is back online; the parts already sent are kept.',
      ];
    case 'completing':
      return ['Putting the parts together in the bucket'];
    case 'done':
      return [`Uploaded into ${entry.labName}’s bucket`];
    case 'failed':
      return [`Not uploaded: ${entry.error?.message ?? 'the upload failed.'}`, entry.error?.hint];
    case 'cancelled':
      return ['Cancelled', entry.note];
    default:
      return [state];
  }
}

/** The resume line: how much of an interrupted upload was already in the bucket. */
function resumeLine(entry) {
  if (entry.startedOver) return 'The earlier upload of this file could not be resumed, so it starts over.';
  const resumed = entry.resumed;
  if (!resumed || resumed.partsDone === 0 || ['failed', 'cancelled'].includes(entry.state)) return null;
  const parts = `${resumed.partsDone} of ${resumed.partCount} ${part(resumed.partCount)}`;
  return entry.state === 'done'
    ? `Resumed: ${parts} were already in the bucket.`
    : `Resuming: ${parts} already in the bucket.`;
}

const ACTIONS = {
  ready: ['remove'],
  queued: ['cancel'],
  hashing: ['pause', 'cancel'],
  uploading: ['pause', 'cancel'],
  retrying: ['pause', 'cancel'],
  offline: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  failed: ['retry', 'remove'],
};

const LABELS = { remove: 'Remove', pause: 'Pause', resume: 'Resume', cancel: 'Cancel', retry: 'Try again' };

/**
 * Creates the row of `entry` (a file and where its upload stands) and
 * returns a function that redraws it. `onAction(entry, action)` runs when a
 * button is pressed: remove, pause, resume, cancel or retry.
 */
export function createUploadRow(entry, onAction) {
  const state = h('span', { class: 'state' });
  const detail = h('span', { class: 'detail' });
  const hint = h('span', { class: 'hint' });
  const resume = h('span', { class: 'detail resume' });
  const progress = h('progress', { max: Math.max(entry.file.size, 1), value: 0, 'aria-label': entry.file.name });
  const actions = h('div', { class: 'file-actions' });
  const row = h(
    'li',
    { class: 'file-row', 'data-file': entry.file.name },
    h(
      'div',
      { class: 'file-head' },
      h('span', { class: 'file-name' }, entry.file.name),
      h('span', { class: 'file-size' }, formatBytes(entry.file.size)),
    ),
    actions,
    progress,
    h('p', { class: 'file-status' }, state, resume, detail, hint),
  );
  let drawnActions = '';
  let drawnState = '';

  function draw() {
    const [text, line] = describe(entry);
    const shown = entry.state;
    row.dataset.state = shown;
    // Screen readers hear each change of state, not every tick of the progress.
    if (shown !== drawnState) {
      drawnState = shown;
      const announcer = document.getElementById('upload-announcer');
      if (announcer && shown !== 'ready') announcer.textContent = `${entry.file.name}: ${text}`;
    }
    state.textContent = text;
    resume.textContent = resumeLine(entry) ?? '';
    const [detailText, hintText] = shown === 'failed' ? [null, line] : [line, null];
    detail.textContent = detailText ?? '';
    hint.textContent = hintText ?? '';
    progress.hidden = shown === 'ready';
    progress.value = shown === 'done' ? progress.max : Math.min(entry.bytesSent ?? 0, progress.max);
    const wanted = (ACTIONS[shown] ?? []).filter((action) => action !== 'retry' || entry.canRetry);
    // Buttons are rebuilt only when they change, so a click never lands on one being replaced.
    if (wanted.join() !== drawnActions) {
      drawnActions = wanted.join();
      fill(
        actions,
        wanted.map((action) =>
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'data-action': action,
              'aria-label': `${LABELS[action]} ${entry.file.name}`,
              onclick: () => onAction(entry, action),
            },
            LABELS[action],
          ),
        ),
      );
    }
  }

  draw();
  return { row, draw };
}
