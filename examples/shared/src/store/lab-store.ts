import type { DemoDatabase } from './database';

/** The outcome of a lab's latest connection check, as kept with the lab. */
export interface LastCheck {
  status: 'ok' | 'degraded' | 'failed';
  /** ISO time of the check. */
  at: string;
  /** The first failed (or, without failures, warned) check, for a one-line summary. */
  problem?: { id: string; code: string; message: string; hint: string };
}

/** One lab's connection as stored: the secret only sealed. */
export interface LabRecord {
  id: string;
  name: string;
  bucket: string;
  region: string;
  /** An S3-compatible endpoint; `null` for Amazon S3. */
  endpoint: string | null;
  prefix: string;
  /** Not a secret; kept in clear to show which key is stored. */
  accessKeyId: string;
  /** The vault's sealed string of the key pair. */
  sealedCredentials: string;
  lastCheck: LastCheck | null;
  createdAt: string;
  updatedAt: string;
}

/** What is saved of a lab; the times and the last check are kept by the store. */
export type LabFields = Omit<LabRecord, 'lastCheck' | 'createdAt' | 'updatedAt'>;

interface LabRow {
  id: string;
  name: string;
  bucket: string;
  region: string;
  endpoint: string | null;
  prefix: string;
  access_key_id: string;
  sealed_credentials: string;
  last_check: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: LabRow): LabRecord {
  return {
    id: row.id,
    name: row.name,
    bucket: row.bucket,
    region: row.region,
    endpoint: row.endpoint,
    prefix: row.prefix,
    accessKeyId: row.access_key_id,
    sealedCredentials: row.sealed_credentials,
    lastCheck: row.last_check === null ? null : (JSON.parse(row.last_check) as LastCheck),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The labs table. */
export class LabStore {
  constructor(private readonly db: DemoDatabase) {}

  /** Every lab, by name. */
  list(): LabRecord[] {
    return (this.db.prepare('SELECT * FROM labs ORDER BY name, id').all() as LabRow[]).map(fromRow);
  }

  /** One lab, or `undefined`. */
  get(id: string): LabRecord | undefined {
    const row = this.db.prepare('SELECT * FROM labs WHERE id = ?').get(id) as LabRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /** Inserts or replaces a lab's connection; a changed connection forgets the last check. */
  save(fields: LabFields, now = new Date()): LabRecord {
    const time = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO labs (id, name, bucket, region, endpoint, prefix, access_key_id, sealed_credentials, last_check, created_at, updated_at)
         VALUES (@id, @name, @bucket, @region, @endpoint, @prefix, @accessKeyId, @sealedCredentials, NULL, @time, @time)
         ON CONFLICT (id) DO UPDATE SET name = @name, bucket = @bucket, region = @region, endpoint = @endpoint,
           prefix = @prefix, access_key_id = @accessKeyId, sealed_credentials = @sealedCredentials,
           last_check = NULL, updated_at = @time`,
      )
      .run({ ...fields, time });
    return this.get(fields.id) as LabRecord;
  }

  /** Keeps the outcome of a connection check with the lab. */
  recordCheck(id: string, check: LastCheck): void {
    this.db.prepare('UPDATE labs SET last_check = ? WHERE id = ?').run(JSON.stringify(check), id);
  }
}
