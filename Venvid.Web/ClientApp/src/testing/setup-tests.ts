import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait for what a test awaits, not for a time: the default second is too short on a loaded CI
// machine (two cores shared with the build), and waiting longer never lets a wrong result pass.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  // Build-script tests run in plain Node, without a DOM.
  if (typeof localStorage !== 'undefined') localStorage.clear();
});
