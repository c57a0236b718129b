import Database from 'better-sqlite3';

/** The demo's embedded database (SQLite through better-sqlite3). */
export type DemoDatabase = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS labs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  bucket TEXT NOT NULL,
  region TEXT NOT NULL,
  endpoint TEXT,
  prefix TEXT NOT NULL,
  access_key_id TEXT NOT NULL,
  sealed_credentials TEXT NOT NULL,
  last_check TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  lab_id TEXT NOT NULL REFERENCES labs (id),
  number TEXT NOT NULL,
  patient_initials TEXT NOT NULL,
  notes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (lab_id, number)
);
CREATE TABLE IF NOT EXISTS order_files (
  key TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  lab_id TEXT NOT NULL REFERENCES labs (id),
  bucket TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER,
  method TEXT NOT NULL,
  upload_id TEXT,
  status TEXT NOT NULL,
  error TEXT,
  signed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS order_files_by_order ON order_files (order_id);
`;

/**
 * Opens (and creates if needed) the demo database: `':memory:'` or a file.
 * The tables are created on first use; there is nothing to migrate yet.
 */
export function openDatabase(file: string): DemoDatabase {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}
