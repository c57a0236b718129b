import { buildObjectKey, type MultipartCompleteEvent, type SignedUploadEvent, SosError } from '@sos/core';
import type { z } from 'zod';
import { AppError } from '../http/app-error';
import type { LabService } from '../labs/lab-service';
import type { OrderFileRecord, OrderRecord, OrderStore, OrderWithFiles } from '../store';
import { type fileReportSchema, type orderInputSchema, parseOrderInput } from './order-input';

/** Where an order's files go in the lab's bucket: `PREFIX/ORDER-NUMBER/UUID/FILE-NAME`. */
export const ORDER_KEY_TEMPLATE = '{prefix}/{orderId}/{uuid}/{filename}';

/** An order as the orders page shows it: with its lab's name and bucket. */
export interface OrderView extends OrderWithFiles {
  lab: { id: string; name: string; bucket: string } | null;
}

/** Orders, and the files uploaded into them. */
export class OrderService {
  constructor(
    private readonly store: OrderStore,
    private readonly labs: LabService,
  ) {}

  /** Places an order for a lab; refused when the lab's latest connection check failed. */
  create(body: z.infer<typeof orderInputSchema>): OrderRecord {
    const input = parseOrderInput(body);
    const lab = this.labs.require(input.labId);
    if (lab.lastCheck?.status === 'failed') {
      throw new AppError(409, 'LAB_CONNECTION_FAILED', `${lab.name}'s bucket failed its last connection check.`, {
        hint: `${lab.lastCheck.problem?.message ?? ''} Fix it on the Labs page and check the connection again; until then uploads to this lab fail.`.trim(),
        field: 'labId',
      });
    }
    const order = this.store.create({
      labId: lab.id,
      number: input.number,
      patientInitials: input.patientInitials,
      notes: input.notes,
    });
    if (order === undefined) {
      throw new AppError(409, 'ORDER_EXISTS', `${lab.name} already has an order ${input.number}.`, {
        hint: 'Use another order number.',
        field: 'number',
      });
    }
    return order;
  }

  /** Every order with its files, newest first. */
  list(): OrderView[] {
    const labs = new Map(
      this.labs.listRecords().map((lab) => [lab.id, { id: lab.id, name: lab.name, bucket: lab.bucket }]),
    );
    return this.store.list().map((order) => ({ ...order, lab: labs.get(order.labId) ?? null }));
  }

  /**
   * Records what the page reports when a file's upload ended. An upload in
   * parts is `uploaded` only once S3 answered the completion the server sent
   * ({@link OrderService.completed}): the page's word alone is refused, and a
   * later failure or cancellation does not hide an object that is there. A
   * single upload's size is the one signed, whatever the page says.
   */
  report(orderId: string, report: z.infer<typeof fileReportSchema>): OrderFileRecord {
    const file =
      report.key !== undefined
        ? this.store.file(report.key)
        : this.store
            .files(orderId)
            .findLast((entry) => 'name' in report && entry.name === report.name && entry.status === 'signed');
    // A failure the page reports may come before it learnt the key: then it is the order's upload of that name still open.
    if (file === undefined || file.orderId !== orderId) {
      throw new AppError(404, 'FILE_NOT_FOUND', 'No upload of this file was signed for this order.', {
        hint: 'Report only files the page uploaded for the order.',
      });
    }
    if (file.method === 'MULTIPART' && file.status === 'uploaded') return file;
    if (report.status === 'uploaded') {
      if (file.method === 'MULTIPART') {
        throw new AppError(409, 'UPLOAD_NOT_COMPLETE', `S3 has not completed the upload of “${file.name}”.`, {
          hint: 'An upload in parts is complete once the server has completed it at S3; report it after that.',
        });
      }
      return this.store.update(file.key, { status: 'uploaded', size: report.size }) as OrderFileRecord;
    }
    const note = report.status === 'failed' ? report.error : report.note;
    return this.store.update(file.key, { status: report.status, note }) as OrderFileRecord;
  }

  /**
   * The object key for a file of an order, for the sos handler's `getKey`:
   * the order must exist and belong to the lab the upload is signed for.
   */
  keyFor(labId: string, orderId: string | undefined, fileName: string, prefix: string | undefined): string {
    const order = orderId === undefined ? undefined : this.store.get(orderId);
    if (order === undefined || order.labId !== labId) {
      throw new SosError('FORBIDDEN', 'Files can only be uploaded into an order placed for this lab.', {
        hint: 'Place the order first, then upload its files.',
      });
    }
    return buildObjectKey(ORDER_KEY_TEMPLATE, { prefix, orderId: order.number, filename: fileName });
  }

  /** Records a file whose upload the sos handler signed (`onUploadSigned`). */
  signed(labId: string, event: SignedUploadEvent): void {
    const orderId = event.file.metadata.order;
    if (orderId === undefined) return;
    this.store.recordSigned({
      key: event.key,
      orderId,
      labId,
      bucket: event.bucket,
      name: event.file.name,
      type: event.file.type,
      size: event.file.size ?? null,
      method: event.method,
      uploadId: event.uploadId ?? null,
    });
  }

  /**
   * Marks an upload in parts done: S3 itself answered the completion the
   * server sent (`onMultipartComplete`), whatever the page reports later.
   */
  completed(labId: string, event: MultipartCompleteEvent): void {
    const file = this.store.file(event.key);
    if (file?.labId === labId && file.uploadId === event.uploadId) this.store.update(file.key, { status: 'uploaded' });
  }
}
