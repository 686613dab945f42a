import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    description: 'The file should be one well-formed YAML document.',
    defaultSeverity: 'error',
    category: 'syntax',
    limits: [],
    sources: [
      {
        ref: 'YAML 1.2',
        quote: 'The content of a mapping node is an unordered set of key/value node pairs, with the restriction that each of the keys is unique.',
      },
    ],
    docs:
      'Reports YAML syntax errors, duplicate keys, tabs used for indentation, unknown tags (such as `!!js/function`), aliases that expand past 100 uses (an alias bomb), and files with more than one document. While a file has YAML errors, bplan checks nothing else in it.',
  },
  check(ctx) {
    for (const problem of ctx.yamlProblems) ctx.report(problem);
  },
});
