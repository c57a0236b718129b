export { type BrowserSuiteOptions, describeDemoInBrowser } from './browser-suite';
export { describeStartCommand } from './start-command';
