import type { Connection } from '@sos/core';

/** The one tenant the benchmarks sign for (AWS's documented example keys; nothing is sent to AWS). */
export const benchConnection: Connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};

/** A key as the default layout makes it. */
export const benchKey = 'tenant-a/2026/03/01/0b7e7f0e-7d43-4c1c-9f55-3f4a1f3c2b11/lower jaw.stl';
