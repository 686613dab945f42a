import { defineRule } from './define-rule';

// Stub: to be written (issue 3).
export default defineRule({
  meta: {
    id: 'policy-spans-servers',
    description: 'To be written.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
  },
  check() {},
});
