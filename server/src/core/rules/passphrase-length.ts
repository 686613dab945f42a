import { defineRule } from './define-rule';

// Stub: to be written (issue 3).
export default defineRule({
  meta: {
    id: 'passphrase-length',
    description: 'To be written.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
  },
  check() {},
});
