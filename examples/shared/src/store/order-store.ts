import { randomBytes } from 'node:crypto';
import type { DemoDatabase } from './database';

/** An order a dentist placed for a lab. */
export interface OrderRecord {
  id: string;
  labId: string;
  number: string;
  patientInitials: string;
  notes: string;
  createdAt: string;
}

/**
 * Where one file of an order stands: `signed` once the server signed its
 * upload, `uploaded` when S3 accepted it (for an upload in parts, S3's answer
 * to the completion the server sent; for a single upload, the browser's
 * report), `failed` when the browser gave up, `cancelled` when the person
 * stopped it.
 */
export type FileStatus = 'signed' | 'uploaded' | 'failed' | 'cancelled';

/** One file of an order, as stored. */
export interface OrderFileRecord {
  key: string;
  orderId: string;
  labId: string;
  bucket: string;
  name: string;
  type: string;
  /** Bytes; unknown until the upload is reported when the signing request did not say (form uploads). */
  size: number | null;
  method: 'PUT' | 'POST' | 'MULTIPART';
  uploadId: string | null;
  status: FileStatus;
  /** Why the file is not in the bucket: a failed upload's error, or where a cancelled upload's parts went. */
  note: string | null;
  signedAt: string;
  updatedAt: string;
}

/** An order with its files. */
export interface OrderWithFiles extends OrderRecord {
  files: OrderFileRecord[];
}

interface OrderRow {
  id: string;
  lab_id: string;
  number: string;
  patient_initials: string;
  notes: string;
  created_at: string;
}

interface FileRow {
  key: string;
  order_id: string;
  lab_id: string;
  bucket: string;
  name: string;
  type: string;
  size: number | null;
  method: OrderFileRecord['method'];
  upload_id: string | null;
  status: FileStatus;
  // The column keeps its first name, so the databases of earlier runs open unchanged.
  error: string | null;
  signed_at: string;
  updated_at: string;
}

const orderFromRow = (row: OrderRow): OrderRecord => ({
  id: row.id,
  labId: row.lab_id,
  number: row.number,
  patientInitials: row.patient_initials,
  notes: row.notes,
  createdAt: row.created_at,
});

const fileFromRow = (row: FileRow): OrderFileRecord => ({
  key: row.key,
  orderId: row.order_id,
  labId: row.lab_id,
  bucket: row.bucket,
  name: row.name,
  type: row.type,
  size: row.size,
  method: row.method,
  uploadId: row.upload_id,
  status: row.status,
  note: row.error,
  signedAt: row.signed_at,
  updatedAt: row.updated_at,
});

/** The orders and their files. */
export class OrderStore {
  constructor(private readonly db: DemoDatabase) {}

  /** Stores a new order; `undefined` when the lab already has an order with this number. */
  create(order: Omit<OrderRecord, 'id' | 'createdAt'>, now = new Date()): OrderRecord | undefined {
    const record: OrderRecord = { id: `o-${randomBytes(6).toString('hex')}`, createdAt: now.toISOString(), ...order };
    const inserted = this.db
      .prepare(
        `INSERT INTO orders (id, lab_id, number, patient_initials, notes, created_at)
         VALUES (@id, @labId, @number, @patientInitials, @notes, @createdAt) ON CONFLICT DO NOTHING`,
      )
      .run(record);
    return inserted.changes === 1 ? record : undefined;
  }

  /** One order, or `undefined`. */
  get(id: string): OrderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
    return row === undefined ? undefined : orderFromRow(row);
  }

  /** Every order, newest first, with its files in the order they were signed. */
  list(): OrderWithFiles[] {
    const orders = (this.db.prepare('SELECT * FROM orders ORDER BY created_at DESC, id').all() as OrderRow[]).map(
      orderFromRow,
    );
    const files = (this.db.prepare('SELECT * FROM order_files ORDER BY signed_at, key').all() as FileRow[]).map(
      fileFromRow,
    );
    return orders.map((order) => ({ ...order, files: files.filter((file) => file.orderId === order.id) }));
  }

  /** The files of one order, in the order they were signed. */
  files(orderId: string): OrderFileRecord[] {
    const rows = this.db.prepare('SELECT * FROM order_files WHERE order_id = ? ORDER BY signed_at, key').all(orderId);
    return (rows as FileRow[]).map(fileFromRow);
  }

  /** One file, or `undefined`. */
  file(key: string): OrderFileRecord | undefined {
    const row = this.db.prepare('SELECT * FROM order_files WHERE key = ?').get(key) as FileRow | undefined;
    return row === undefined ? undefined : fileFromRow(row);
  }

  /** Records a file whose upload the server just signed. */
  recordSigned(
    file: Omit<OrderFileRecord, 'status' | 'note' | 'signedAt' | 'updatedAt'>,
    now = new Date(),
  ): OrderFileRecord {
    const time = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO order_files (key, order_id, lab_id, bucket, name, type, size, method, upload_id, status, error, signed_at, updated_at)
         VALUES (@key, @orderId, @labId, @bucket, @name, @type, @size, @method, @uploadId, 'signed', NULL, @time, @time)`,
      )
      .run({ ...file, time });
    return this.file(file.key) as OrderFileRecord;
  }

  /** Sets a file's status, its note, and its size when it was not known. */
  update(
    key: string,
    change: { status: FileStatus; size?: number | null; note?: string | null },
    now = new Date(),
  ): OrderFileRecord | undefined {
    this.db
      .prepare(
        `UPDATE order_files SET status = @status, size = COALESCE(size, @size), error = @note, updated_at = @time
         WHERE key = @key`,
      )
      .run({
        key,
        status: change.status,
        size: change.size ?? null,
        note: change.note ?? null,
        time: now.toISOString(),
      });
    return this.file(key);
  }
}
