// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every folder under src/features is one feature (bulletproof-react layout). */
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Folders any layer may use; they import nothing from features/ or app/. */
const shared = ['components', 'hooks', 'lib', 'stores', 'testing', 'types', 'utils'].map((folder) => `./src/${folder}`);

const featureZones = features.map((feature) => ({
  target: `./src/features/${feature}`,
  from: './src/features',
  // Its own folder, and another feature's api/ (query keys and hooks, e.g. invalidating a video after editing its captions).
  except: [`./${feature}`, ...features.filter((other) => other !== feature).map((other) => `./${other}/api`)],
  message: 'A feature uses another feature only through its api/; compose UI in src/app, or move what both need to a shared folder.',
}));
const sharedZone = {
  target: shared,
  from: ['./src/features', './src/app'],
  message: 'Shared code must not depend on features or the app: take what it needs as props, or move it.',
};
const appZone = { target: './src/features', from: './src/app', message: 'Features must not import from src/app.' };

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'src/types/api.generated.ts']),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `onClick={() => setOpen(false)}` is how React callbacks are written here; braces around each would only add noise.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Numbers in template literals (`${count} videos`, `${width}w`) print as expected; other non-strings stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Same convention as TypeScript's noUnused* checks: a leading underscore marks a binding left unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // The React app.
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest'], jsxA11y.flatConfigs.strict],
    languageOptions: { globals: globals.browser },
    rules: {
      // WAI-ARIA composite widgets built on lists (tablist, menu, listbox and their items) are correct: keep the recommended set's allowances.
      'jsx-a11y/no-noninteractive-element-to-interactive-role': [
        'error',
        {
          ul: ['listbox', 'menu', 'menubar', 'radiogroup', 'tablist', 'tree', 'treegrid'],
          ol: ['listbox', 'menu', 'menubar', 'radiogroup', 'tablist', 'tree', 'treegrid'],
          li: ['menuitem', 'menuitemradio', 'menuitemcheckbox', 'option', 'row', 'tab', 'treeitem'],
        },
      ],
    },
  },

  // Import boundaries between app/, features/* and the shared folders.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(import.meta.dirname, 'tsconfig.app.json') })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [...featureZones, sharedZone, appZone] }],
    },
  },
  {
    // Tests may render a page from src/app to check a feature inside it.
    files: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [...featureZones, sharedZone] }],
    },
  },

  // Build plugins and config files run in Node.
  {
    files: ['build/**/*.ts', 'vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // No tsconfig covers this file; it is checked without type information.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  // Last: turns off every rule that would fight Prettier's formatting.
  prettier,
);
