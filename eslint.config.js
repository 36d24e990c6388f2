// Lint rules: the type-aware recommended set, so floating promises and unsafe any are caught early, and
// the layer boundaries of layers.config.js, so no import runs from a lower layer to a higher one.
import { dirname, posix } from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layers } from "./layers.config.js";

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isFile = (path) => /\.[cm]?[jt]s$/.test(path);
const filesOf = (path) => (isFile(path) ? [path] : [`${path}/**/*.{ts,js,mjs}`]);

/**
 * One `no-restricted-imports` block per layer, forbidding every layer it may not import. The core rule
 * (rather than a boundaries plugin) is enough because our imports are all relative paths with fixed
 * layer folders: a relative specifier reaches a layer by climbing out of the importer's layer and naming
 * the layer's path, which a regular expression matches from any depth inside the layer (`(../)*`).
 * It checks `import`, `import type` and `export ... from`; the import picture (scripts/import-picture.ts)
 * also counts dynamic `import()`.
 */
function layerBoundaries() {
  return layers.flatMap((layer) => {
    const forbidden = layers.filter((other) => other !== layer && !layer.imports.includes(other.path));
    if (forbidden.length === 0) return [];
    const from = isFile(layer.path) ? dirname(layer.path) : layer.path;
    const patterns = forbidden.map((other) => ({
      regex: `^(\\./)?(\\.\\./)*${escape(posix.relative(from, other.path))}(/|$)`,
      message: `${layer.path} (${layer.summary}) may not import ${other.path}: layers import only the layers below them (layers.config.js, docs/DESIGN.md).`,
    }));
    // A layer nested inside this one (none today) keeps its own block.
    const inner = layers
      .filter((other) => other.path.startsWith(`${layer.path}/`))
      .flatMap((o) => filesOf(o.path));
    return [
      {
        files: filesOf(layer.path),
        ...(inner.length === 0 ? {} : { ignores: inner }),
        rules: { "no-restricted-imports": ["error", { patterns }] },
      },
    ];
  });
}

export default tseslint.config(
  // spec/generated/validators.js is ajv's output (`npm run generate:validators`), not code we write.
  {
    ignores: ["node_modules/", "dist/", "reports/", "coverage/", "**/*.yaml", "spec/generated/validators.js"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
  },
  ...layerBoundaries(),
);
