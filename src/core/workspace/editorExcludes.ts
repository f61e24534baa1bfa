import { assertGlobBounded } from './files/assertGlobBounded';
import type { WorkspaceLimits } from './workspace';

/**
 * The workspace settings with an editor's own exclude globs (VS Code's `files.exclude` and `search.exclude`)
 * added to `excludeGlobs`, so that every listing, search and walk leaves those files out, whichever adapter runs
 * them. The editor's globs were not written for us: one over the glob bounds is left out with a warning (listing
 * more, never less safely) rather than refusing the whole workspace as an over-bound `rlm` setting does.
 */
export function withEditorExcludes(
  settings: Partial<WorkspaceLimits>,
  editorExcludeGlobs: readonly string[],
  warn: (message: string) => void = () => undefined,
): Partial<WorkspaceLimits> {
  const bounded = editorExcludeGlobs.filter((glob) => {
    try {
      assertGlobBounded(glob);
      return true;
    } catch (error) {
      warn(`workspace: editor exclude glob left out: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  });
  if (bounded.length === 0) return settings;
  return { ...settings, excludeGlobs: [...new Set([...(settings.excludeGlobs ?? []), ...bounded])] };
}
