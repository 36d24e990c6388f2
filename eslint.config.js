// Lint rules: the type-aware recommended set, so floating promises and unsafe any are caught early.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
);
