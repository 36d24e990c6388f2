import { defineSuiteCatalogue } from "./registry.ts";

/**
 * The check every suite runs implicitly: every response the suite received, grouped by operation, matches
 * the spec for that operation and status. Declared here because no suite file registers it by hand.
 */
export const protocolCatalogue = defineSuiteCatalogue({
  suite: "protocol",
  description:
    "Every response matches the transcription: documented status, body shape, encoding and content type.",
  checks: [
    {
      id: "protocol.response-schema",
      title: "responses match the documented status codes and schemas",
      level: "MUST",
      requirements: [
        "wire.json-media-type",
        "wire.rest.results-wrapped",
        "wire.api.results-bare",
        "wire.rest.success-200",
        "wire.api.create-201",
        "wire.api.void-204",
        "wire.rest.maps-as-arrays",
        "wire.api.maps-as-objects",
        "errors.rest-body-shape",
        "errors.api-body-shape",
        "model.result.always-present-members",
        // Also enforced by the schemas on responses every run provokes from the reference server: get
        // results (state, preview_info), file infos (status, source_type, endpoints, checksums), validation
        // results, and error bodies (LocalizableMessage, error_type, the api 401 challenge).
        "wire.documented-status",
        "wire.result-encoding",
        "errors.body-shape",
        "errors.error-type.enum",
        "model.state.enum",
        "model.localizable-message.members",
        // The reference server's not_found and ended-session messages use named params (a string, a date-time
        // with its format), so every run shows a map in each dialect's encoding and LocalizationParams.
        "model.localization-param.members",
        "model.date-time-format.enum",
        "model.file-info.members",
        "model.transfer-status.enum",
        "model.source-type.enum",
        "model.transfer-endpoint.members",
        "model.checksum-info.members",
        "model.validation-result.members",
        "preview.state.enum",
        "auth.unauthenticated.challenge",
      ],
    },
  ],
});
