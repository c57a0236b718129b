export { type BrowserSuiteOptions, describeDemoInBrowser } from './browser-suite';
export { describeStartCommand } from './start-command';
export { describeUploadsInBrowser, type UploadSuiteOptions } from './upload-suite';
