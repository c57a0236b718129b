export { type CredentialsInput, type CredentialsParseResult, parseCredentials } from './parse-credentials';
