import { defineRule } from './define-rule';

// Stub: to be written (issue 3).
export default defineRule({
  meta: {
    id: 'mabs-remote-sql',
    description: 'To be written.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
  },
  check() {},
});
