import { passphraseReferenceFix } from '../fixes';
import { limit } from '../limits';
import { quantity } from '../text';
import { defineRule } from './define-rule';

const MIN = limit('passphrase-min-length');

export default defineRule({
  meta: {
    id: 'passphrase-length',
    description: 'A passphrase written in the plan should have at least 16 characters.',
    defaultSeverity: 'error',
    category: 'security',
    limits: [MIN.id],
    docs:
      'The MARS agent, DPM and MABS refuse an encryption passphrase shorter than 16 characters. Only a passphrase written in the plan (which rule passphrase-literal reports as well) can be measured, and the message gives only its length, never the passphrase. bplan never reads secrets: a reference (`{ env: NAME }` or `{ file: PATH }`) is not checked, since the value it names is not in the plan. Replace the literal with a reference to a generated passphrase of at least 16 characters.',
  },
  check(ctx) {
    const passphrase = ctx.plan.vault?.passphrase;
    if (passphrase?.kind !== 'literal' || passphrase.literalLength === undefined) return;
    const length = passphrase.literalLength;
    if (length >= MIN.value) return;
    ctx.report({
      span: passphrase.span,
      path: 'vault.encryption.passphrase',
      message: `the vault passphrase is ${quantity(length, 'characters')} long; it must have at least ${quantity(MIN.value, MIN.unit)} (${MIN.appliesTo}): choose a longer passphrase, or generate one, and keep it outside the plan ({ env: NAME } or { file: PATH })`,
      fixes: [passphraseReferenceFix(ctx.text, passphrase.span, ctx.plan.vault?.name?.value)],
    });
  },
});
