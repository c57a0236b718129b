export { type DemoDatabase, openDatabase } from './database';
export { type LabFields, type LabRecord, LabStore, type LastCheck } from './lab-store';
export {
  type FileStatus,
  type OrderFileRecord,
  type OrderRecord,
  OrderStore,
  type OrderWithFiles,
} from './order-store';
