import type { LabRecord, LastCheck } from '../store';

/** What the pages see of a lab: everything but the secret, which is only said to be stored. */
export interface LabView {
  id: string;
  name: string;
  bucket: string;
  region: string;
  endpoint: string | null;
  prefix: string;
  accessKeyId: string;
  /** `sealed`: stored and opens with this server's key; `unreadable`: sealed under another key, enter it again. */
  secret: 'sealed' | 'unreadable';
  lastCheck: LastCheck | null;
  updatedAt: string;
}

/** A lab as the pages may see it. */
export function toLabView(lab: LabRecord, secretReadable: boolean): LabView {
  return {
    id: lab.id,
    name: lab.name,
    bucket: lab.bucket,
    region: lab.region,
    endpoint: lab.endpoint,
    prefix: lab.prefix,
    accessKeyId: lab.accessKeyId,
    secret: secretReadable ? 'sealed' : 'unreadable',
    lastCheck: lab.lastCheck,
    updatedAt: lab.updatedAt,
  };
}
