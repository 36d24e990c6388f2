/**
 * The default pact participant names, apart from the export that writes them: `usc pact verify` and the help
 * name them without loading the exporter (the client, the interaction tables, Pact's consumer DSL).
 */
export const defaultConsumer = "update-session-conformance";
export const defaultProvider = "vsphere-content-library";
