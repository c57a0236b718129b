// The start page: where this server keeps the labs' files, and the labs.
import { api } from './api.js';
import { fill, h, message } from './dom.js';

const status = document.getElementById('server-status');
const CHECK = { ok: 'uploads work', degraded: 'uploads work, with warnings', failed: 'connection fails' };

try {
  const [demo, labs] = await Promise.all([api('/api/demo'), api('/api/labs')]);
  const storage = {
    embedded: `A demo, no AWS account needed: the labs’ buckets are on an embedded S3 server at ${demo.storage.endpoint}, deleted when the demo stops.`,
    aws: 'The labs’ buckets are on Amazon S3.',
    custom: `The labs’ buckets are on the S3-compatible service at ${demo.storage.endpoint}.`,
  }[demo.storage.mode];
  fill(
    status,
    h('p', {}, storage),
    labs.length === 0
      ? message('info', 'No lab is connected yet.', 'Start by adding one on the Labs page.')
      : h(
          'ul',
          {},
          labs.map((lab) =>
            h(
              'li',
              {},
              h('a', { href: `/labs#${encodeURIComponent(lab.id)}` }, lab.name),
              ', bucket ',
              h('code', {}, lab.bucket),
              ': ',
              h(
                'span',
                { class: `badge ${lab.lastCheck?.status ?? 'none'}` },
                CHECK[lab.lastCheck?.status] ?? 'not checked yet',
              ),
            ),
          ),
        ),
    h('p', { class: 'buttons' }, h('a', { class: 'button primary', href: '/orders/new' }, 'Place an order')),
  );
} catch (error) {
  fill(status, message('error', error.message, error.hint));
}
