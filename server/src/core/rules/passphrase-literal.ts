import { passphraseReferenceFix } from '../fixes';
import { defineRule } from './define-rule';

export default defineRule({
  meta: {
    id: 'passphrase-literal',
    description: 'The encryption passphrase should be a reference to where it is kept, never written in the plan.',
    defaultSeverity: 'error',
    category: 'security',
    limits: [],
    sources: [
      {
        ref: 'seed 003',
        quote:
          'If the passphrase is lost or forgotten; Microsoft cannot help in recovering the backup data. The end user owns the encryption passphrase and Microsoft does not have visibility into the passphrase used by the end user. Please save the file in a secure location as it is required during a recovery operation.',
      },
    ],
    docs:
      'A plan lives in version control and in CI logs; a passphrase written there is disclosed to everyone who can read them. Write `passphrase: { env: NAME }` or `passphrase: { file: PATH }` instead. bplan never prints the value it found, and never reads the variable or file a reference names.',
  },
  check(ctx) {
    const passphrase = ctx.plan.vault?.passphrase;
    if (passphrase?.kind !== 'literal') return;
    ctx.report({
      span: passphrase.span,
      path: 'vault.encryption.passphrase',
      message:
        'the vault passphrase is written in the plan; replace it with a reference such as { env: BPLAN_PASSPHRASE } and, since it may already be in version control, treat it as disclosed',
      // The edit replaces the whole value node (a block scalar too); neither it nor the title holds the secret.
      fixes: [passphraseReferenceFix(ctx.text, passphrase.span, ctx.plan.vault?.name?.value)],
    });
  },
});
