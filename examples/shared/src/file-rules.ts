import type { FileRules } from '@sos/core';

const MiB = 1024 * 1024;

/**
 * What a dentist may attach to an order: photos, 3D scans (STL, PLY, OBJ),
 * DICOM files, ZIP archives (a CBCT export) and PDFs, up to 5 GiB each, and
 * never empty (an export that failed half-way leaves a 0-byte file). The
 * sos handler enforces them before it signs anything; the page checks the
 * same rules first so that it can say what is wrong in words.
 */
export const FILE_RULES = {
  minFileSize: 1,
  maxFileSize: 5 * 1024 * MiB,
  allowedTypes: ['image/*', '.stl', '.ply', '.obj', '.dcm', '.zip', '.pdf'],
  maxFiles: 50,
} as const satisfies FileRules;

/** The same rules in words, for the drop zone and the error messages. */
export const ACCEPTED_FILES =
  'photos, STL, PLY or OBJ scans, DICOM files (.dcm), ZIP archives and PDFs, up to 5 GB each';

/** Files over this size are sent in parts (multipart upload), each part of this size. */
export const MULTIPART_THRESHOLD = 8 * MiB;
