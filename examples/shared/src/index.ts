export {
  type DemoConfig,
  type DemoConfigDefaults,
  localOrigins,
  readDemoConfig,
  type StorageConfig,
} from './config';
export { type Demo, startDemo, UPLOAD_PREFIX } from './demo';
export { ACCEPTED_FILES, FILE_RULES, MULTIPART_THRESHOLD } from './file-rules';
export { type DemoListen, type ListeningServer, type RunDemoServerOptions, runDemoServer } from './run-demo-server';
export { DEMO_LABS } from './storage/demo-labs';
export { labIdInPath, SOS_MOUNT_PATH } from './upload-options';
