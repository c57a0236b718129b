// Asks the server for one presigned PUT per file, then sends each file
// straight to the bucket with exactly the method, URL and headers returned.
const input = document.getElementById('files');
const log = document.getElementById('log');

function say(text, kind) {
  const item = document.createElement('li');
  item.textContent = text;
  item.className = kind;
  log.append(item);
}

input.addEventListener('change', async () => {
  const files = [...input.files];
  if (files.length === 0) return;
  const response = await fetch('/api/sos/uploads', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      files: files.map((file) => ({ name: file.name, type: file.type || 'application/octet-stream', size: file.size })),
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    say(`${body.error.code}: ${body.error.message} ${body.error.hint ?? ''}`, 'error');
    return;
  }
  await Promise.all(
    body.uploads.map(async (upload, index) => {
      const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: files[index] });
      say(put.ok ? `uploaded ${upload.key}` : `S3 refused ${upload.key}: HTTP ${put.status}`, put.ok ? 'ok' : 'error');
    }),
  );
});
