import { SosError } from '../errors';

const MiB = 1024 ** 2;

/** The smallest part S3 accepts, except for the last one: 5 MiB. */
export const MIN_PART_SIZE = 5 * MiB;
/** The largest part S3 accepts: 5 GiB. */
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/** The most parts one multipart upload may have. */
export const MAX_PARTS = 10_000;
/** The largest object S3 stores: 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;

/** Part sizes chosen by default: big enough to keep the URL count low, small enough to retry cheaply. */
const DEFAULT_MIN_PART_SIZE = 8 * MiB;
const DEFAULT_MAX_PART_SIZE = 64 * MiB;
const DEFAULT_TARGET_PARTS = 1000;

/** One part of a planned upload: bytes `start` (inclusive) to `end` (exclusive) of the file. */
export interface PlannedPart {
  partNumber: number;
  start: number;
  end: number;
  size: number;
}

/** How a file is cut into parts. */
export interface PartPlan {
  /** The file size in bytes. */
  size: number;
  /** The size of every part but the last. */
  partSize: number;
  partCount: number;
  /** The parts in order, numbered from 1; `file.slice(part.start, part.end)` in the browser. */
  parts: PlannedPart[];
}

/** Options of {@link planParts}. */
export interface PlanPartsOptions {
  /**
   * A part size of your own, 5 MiB to 5 GiB.
   * @default 8 MiB, grown up to 64 MiB to stay near 1,000 parts, and beyond when 10,000 parts would not do
   */
  partSize?: number;
}

const roundUpToMiB = (bytes: number): number => Math.ceil(bytes / MiB) * MiB;

/**
 * Cuts a file into multipart parts within S3's limits: parts of 5 MiB to
 * 5 GiB (the last may be smaller), at most 10,000 of them, objects up to
 * 5 TiB. Throws `FILE_TOO_LARGE` beyond 5 TiB and `INVALID_PARTS` for a part
 * size that breaks a limit.
 *
 * @example
 * planParts(5 * 1024 ** 3); // a 5 GiB CBCT scan: { partSize: 8 MiB, partCount: 640, parts: [...] }
 */
export function planParts(size: number, options: PlanPartsOptions = {}): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new SosError('INVALID_INPUT', 'The file size must be a whole number of bytes.', {
      hint: 'Pass File.size.',
    });
  }
  if (size > MAX_OBJECT_SIZE) {
    throw new SosError('FILE_TOO_LARGE', 'S3 stores objects of at most 5 TiB.', {
      hint: 'Split the data into several files.',
      details: { size, maxFileSize: MAX_OBJECT_SIZE },
    });
  }
  let partSize: number;
  if (options.partSize === undefined) {
    partSize = Math.min(
      DEFAULT_MAX_PART_SIZE,
      Math.max(DEFAULT_MIN_PART_SIZE, roundUpToMiB(size / DEFAULT_TARGET_PARTS)),
    );
    if (Math.ceil(size / partSize) > MAX_PARTS) partSize = roundUpToMiB(size / MAX_PARTS);
  } else {
    partSize = options.partSize;
    if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new SosError('INVALID_PARTS', 'The part size must be a whole number of bytes from 5 MiB to 5 GiB.', {
        hint: 'Leave partSize out to get a size that fits S3’s limits.',
        details: { partSize },
      });
    }
    if (Math.ceil(size / partSize) > MAX_PARTS) {
      throw new SosError('INVALID_PARTS', `This part size would need more than ${MAX_PARTS} parts.`, {
        hint: `Use parts of at least ${Math.ceil(size / MAX_PARTS)} bytes, or leave partSize out.`,
        details: { partSize, size },
      });
    }
  }
  const partCount = Math.max(1, Math.ceil(size / partSize));
  const parts: PlannedPart[] = [];
  for (let index = 0; index < partCount; index++) {
    const start = index * partSize;
    const end = Math.min(size, start + partSize);
    parts.push({ partNumber: index + 1, start, end, size: end - start });
  }
  return { size, partSize, partCount, parts };
}
