// The order whose uploads have not finished, kept in this browser's storage,
// so that after a reload the page can offer to resume them. The uploads
// themselves (ticket, parts already sent) are kept by @sos/client
// (`persist: true`); this only remembers which order they belong to.

const STORAGE_KEY = 'sos-demo:open-order';

/** The same file picked again: same name, size, type and modification time. */
export const sameFile = (a, b) =>
  a.name === b.name && a.size === b.size && a.type === b.type && a.lastModified === b.lastModified;

const describeFile = (file) => ({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified });

function write(value) {
  try {
    if (value === null || value.files.length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Storage full or disabled: a reload then cannot offer to resume, the upload itself goes on.
  }
}

/** The open order, `{ id, number, labId, patientInitials, notes, files }`, or `null`. */
export function readOpenOrder() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return value && typeof value.id === 'string' && Array.isArray(value.files) ? value : null;
  } catch {
    return null;
  }
}

/** Remembers that `files` of `order` are being uploaded. */
export function rememberUploads(order, files) {
  const open = readOpenOrder();
  const known = open?.id === order.id ? open.files : [];
  const added = files.map(describeFile).filter((file) => !known.some((entry) => sameFile(entry, file)));
  const { id, number, labId, patientInitials, notes } = order;
  write({ id, number, labId, patientInitials, notes, files: [...known, ...added] });
}

/** Forgets one file of the open order: it arrived, or was cancelled. The order goes once no file is left. */
export function forgetUpload(order, file) {
  const open = readOpenOrder();
  if (open?.id !== order.id) return;
  write({ ...open, files: open.files.filter((entry) => !sameFile(entry, file)) });
}

/** Forgets the open order altogether. */
export function forgetOpenOrder() {
  write(null);
}
