/** The HTTP transport: one undici dispatcher, bounded exchanges, redaction, curl reproductions. */
export {
  createTransport,
  defaultMaxBodyBytes,
  loginTokenOf,
  type Transport,
  type TransportOptions,
  type TransportRequest,
} from "./transport.ts";
export { redactHeaders, redactText, redactedMark, sensitiveHeaders } from "./redact.ts";
export { toCurl, shellQuote } from "./curl.ts";
export { describeNetworkError, type ErrorContext } from "./network-error.ts";
