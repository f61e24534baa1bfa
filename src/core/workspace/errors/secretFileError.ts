import { WorkspaceError } from './workspaceError';

/** Why a file counts as secret: its path matches a secret-file glob, or its text holds a private key. */
export type SecretFileEvidence = { glob: string } | { privateKey: string };

/** A secret file: its name matches a secret-file glob or its text holds a private key; its content must not reach a model. */
export class SecretFileError extends WorkspaceError {
  readonly code = 'secret-file';
  /** The secret-file glob the path matches; undefined when the content gave the file away. */
  readonly glob: string | undefined;
  /** The private-key header found in the text ("-----BEGIN … PRIVATE KEY-----"); undefined when the name did. */
  readonly privateKey: string | undefined;

  constructor(
    readonly path: string,
    evidence: SecretFileEvidence,
  ) {
    super(
      'glob' in evidence
        ? `${path}: refused, it looks like a secret file (matches "${evidence.glob}"). ` +
            'Its content is never read; if it holds no secret, remove the pattern from the secret-file globs.'
        : `${path}: refused, it holds a private key (a "${evidence.privateKey}" header). ` +
            'None of its content is passed on; move the key out of the workspace to read the rest of the file.',
    );
    this.glob = 'glob' in evidence ? evidence.glob : undefined;
    this.privateKey = 'privateKey' in evidence ? evidence.privateKey : undefined;
  }
}
