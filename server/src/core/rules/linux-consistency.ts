import { defineRule } from './define-rule';

// Stub: to be written (issue 3).
export default defineRule({
  meta: {
    id: 'linux-consistency',
    description: 'To be written.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
  },
  check() {},
});
