import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // Build-script tests run in plain Node, without a DOM.
  if (typeof localStorage !== 'undefined') localStorage.clear();
});
