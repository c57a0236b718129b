// The orders page: each order with its files' keys in the lab's bucket, sizes
// and upload status, as the server recorded them; a failed or cancelled file
// says why it is not there.
import { api } from './api.js';
import { fill, formatBytes, formatTime, h, message } from './dom.js';

const container = document.getElementById('orders');
const pageMessages = document.getElementById('page-messages');

const STATUS = {
  uploaded: 'uploaded',
  signed: 'uploading, or stopped',
  failed: 'failed',
  cancelled: 'cancelled',
};

function fileRow(file) {
  return h(
    'tr',
    { 'data-key': file.key, 'data-status': file.status },
    h('td', { 'data-label': 'File' }, file.name),
    h('td', { 'data-label': 'Key in the bucket' }, h('code', {}, file.key)),
    h('td', { 'data-label': 'Size', class: 'size' }, formatBytes(file.size)),
    h(
      'td',
      { 'data-label': 'Status' },
      h('span', { class: `badge ${file.status}` }, STATUS[file.status] ?? file.status),
      file.method === 'MULTIPART' ? h('span', { class: 'muted' }, ' in parts') : null,
      file.note ? h('p', { class: 'field-note' }, file.note) : null,
    ),
  );
}

function orderCard(order) {
  const lab = order.lab ?? { name: order.labId, bucket: '?' };
  return h(
    'article',
    { class: 'card order', 'data-order': order.id },
    h(
      'div',
      { class: 'order-head' },
      h('h2', {}, `Order ${order.number}`),
      h('span', { class: 'muted' }, formatTime(order.createdAt)),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Lab'),
      h('dd', {}, `${lab.name}, bucket `, h('code', {}, lab.bucket)),
      h('dt', {}, 'Patient'),
      h('dd', {}, order.patientInitials),
      order.notes ? [h('dt', {}, 'Notes'), h('dd', {}, order.notes)] : null,
    ),
    order.files.length === 0
      ? h('p', { class: 'muted' }, 'No file was uploaded for this order.')
      : h(
          'table',
          { class: 'files' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['File', 'Key in the bucket', 'Size', 'Status'].map((title) => h('th', { scope: 'col' }, title)),
            ),
          ),
          h('tbody', {}, order.files.map(fileRow)),
        ),
  );
}

async function load() {
  fill(pageMessages);
  try {
    const orders = await api('/api/orders');
    fill(
      container,
      orders.length > 0
        ? orders.map(orderCard)
        : message('info', 'No order yet.', 'Place one on the New order page: its files will be listed here.'),
    );
  } catch (error) {
    fill(pageMessages, message('error', error.message, error.hint));
  }
}

document.getElementById('refresh').addEventListener('click', load);
await load();
