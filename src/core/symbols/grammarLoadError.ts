import type { LanguageId } from './symbolTypes';

/** A grammar or its queries could not be loaded; files of that language are skipped, the rest index. */
export class GrammarLoadError extends Error {
  override readonly name = 'GrammarLoadError';
  constructor(
    readonly language: LanguageId,
    readonly asset: string,
    override readonly cause: unknown,
  ) {
    super(
      `Could not load the ${language} grammar (${asset}): ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Files in ${language} are skipped; rebuild with "npm run build" so the .wasm and .scm files sit next to the bundle.`,
    );
  }
}
