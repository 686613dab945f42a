import { assumedNote, effectiveVersion } from '../products';
import type { LimitSource } from '../types';
import { defineRule } from './define-rule';

const ENGLISH_ONLY: LimitSource = { ref: 'seed 001', quote: 'Today, Microsoft Azure Backup server is available for the English locale only.' };

/** Versions available in English only. */
const ENGLISH_ONLY_VERSIONS = new Set(['v1']);

export default defineRule({
  meta: {
    id: 'mabs-locale',
    description: 'Azure Backup Server v1 should run on a server with an English locale.',
    defaultSeverity: 'error',
    category: 'correctness',
    limits: [],
    sources: [ENGLISH_ONLY],
    docs:
      'Reported when a MABS v1 server has a `locale` that is not English (a tag other than `en` or `en-*`, such as de-DE). MABS v1 was available for the English locale only (seed 001, 2015). Later versions are localized (seed 002 is itself a localized page of the v2 era), so only v1 is checked. Use an English display language on the MABS machine, or install a later version. A MABS server without a version is checked as v1, the version the source documents describe.',
  },
  check(ctx) {
    for (const server of ctx.plan.servers) {
      const locale = server.locale;
      if (server.product?.value !== 'mabs' || !locale) continue;
      const { version } = effectiveVersion(server);
      if (!version || !ENGLISH_ONLY_VERSIONS.has(version)) continue;
      if (/^en(-|$)/i.test(locale.value)) continue;
      ctx.report({
        span: locale.span,
        path: `${server.path}.locale`,
        message: `Azure Backup Server v1 is available for the English locale only (${ENGLISH_ONLY.ref}), and locale is ${locale.value}: use an English locale (en-*) on the MABS machine, or install MABS v2 or later${assumedNote(server)}`,
        related: [
          server.version
            ? { span: server.version.span, message: 'MABS v1 is available in English only' }
            : { span: server.product.span, message: 'no version given: MABS v1 assumed' },
        ],
      });
    }
  },
});
