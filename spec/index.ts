/** The transcription's public face: documents, operations, validators, requirements and errata. */
export { dialects, isDialect, type Dialect } from "./dialect.ts";
export { type Finding, type FindingCode } from "./findings.ts";
export { openapiDocument, openapiDocumentPath } from "./openapi-documents.ts";
export {
  findOperation,
  matchOperation,
  operationsOf,
  type DocumentedResponse,
  type OperationDescription,
  type OperationMatch,
} from "./operations.ts";
export type { CanonicalOperationId, OperationFormId, OperationId } from "./operation-ids.ts";
export { validateExchange, validateResponse, type Headers } from "./validate-response.ts";
export { validateRequest } from "./validate-request.ts";
export { loadErrata, loadRequirements, type Erratum, type Level, type Requirement } from "./catalogue.ts";
export { compileAllValidators } from "./compile-all.ts";
