/** The package's public API. */
export {
  startReferenceServer,
  type ReferenceServerHandle,
  type ReferenceServerOptions,
} from "../server/index.ts";
