/** Types for layers.config.js (a plain module, so eslint.config.js can read it without a compiler). */
export interface Layer {
  /** A folder (every file under it) or a single file, relative to the project root. */
  path: string;
  summary: string;
  /** The layers this one may import. */
  imports: string[];
}
export declare const layers: Layer[];
