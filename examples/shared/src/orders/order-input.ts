import { z } from 'zod';
import { AppError } from '../http/app-error';

/** The new-order form's JSON. */
export const orderInputSchema = z.object({
  labId: z.string().max(200),
  number: z.string().max(4096),
  patientInitials: z.string().max(4096),
  notes: z.string().max(100_000).optional(),
});

/** A new order's fields, checked. */
export interface OrderInput {
  labId: string;
  number: string;
  patientInitials: string;
  notes: string;
}

const ORDER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;
const INITIALS = /^(?:\p{L}[. ]{0,2}){1,4}$/u;

/**
 * Checks the new-order form: an order number (letters, digits, `. _ - /`),
 * the patient's initials only (never a full name: scans are health data),
 * and notes of up to 2,000 characters. Throws the first problem with its
 * field.
 */
export function parseOrderInput(body: z.infer<typeof orderInputSchema>): OrderInput {
  const labId = body.labId.trim();
  if (labId === '') throw new AppError(400, 'FIELD_REQUIRED', 'Choose the lab the order goes to.', { field: 'labId' });
  const number = body.number.trim();
  if (number === '') throw new AppError(400, 'FIELD_REQUIRED', 'Enter the order number.', { field: 'number' });
  if (!ORDER_NUMBER.test(number)) {
    throw new AppError(
      400,
      'ORDER_NUMBER_INVALID',
      'The order number may only have letters, digits, spaces and . _ - /.',
      {
        hint: 'At most 40 characters, starting with a letter or digit, such as A-1001.',
        field: 'number',
      },
    );
  }
  const patientInitials = body.patientInitials.trim();
  if (!INITIALS.test(patientInitials)) {
    throw new AppError(400, 'INITIALS_INVALID', 'Enter the patient’s initials: one to four letters.', {
      hint: 'Such as J.D. Never the full name: the scans are health data.',
      field: 'patientInitials',
    });
  }
  const notes = (body.notes ?? '').trim();
  if (notes.length > 2000) {
    throw new AppError(400, 'NOTES_TOO_LONG', 'The notes are longer than 2,000 characters.', { field: 'notes' });
  }
  return { labId, number, patientInitials, notes };
}

/**
 * What the page reports once a file's upload ended: uploaded (with its size),
 * failed (with the error it showed), or cancelled (with where the parts went).
 * A file is named by its key, or by its name when the page never learnt the
 * key (an upload that failed before it was signed, or during it).
 */
export const fileReportSchema = z.discriminatedUnion('status', [
  z.object({ key: z.string().min(1).max(1024), status: z.literal('uploaded'), size: z.number().int().min(0) }),
  z.object({
    key: z.string().min(1).max(1024).optional(),
    name: z.string().min(1).max(1024).optional(),
    status: z.literal('failed'),
    error: z.string().max(500),
  }),
  z.object({
    key: z.string().min(1).max(1024).optional(),
    name: z.string().min(1).max(1024).optional(),
    status: z.literal('cancelled'),
    note: z.string().max(500),
  }),
]);
