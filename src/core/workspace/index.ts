// The workspace as the model's external memory: the interface, the Node adapter, and the pieces other adapters reuse.
export type {
  FileList,
  FileRead,
  GrepMatch,
  GrepOptions,
  GrepResult,
  HiddenFilesReport,
  SkippedIgnoreRulesReport,
  ListOptions,
  LocatedFile,
  ReadOptions,
  SkippedFile,
  Workspace,
  WorkspaceLimits,
  WorkspaceRoot,
} from './workspace';
export * from './errors/index';
export { defaultExcludeNames, defaultSecretFileGlobs, defaultWorkspaceLimits, resolveWorkspaceLimits } from './limits';
export { NodeWorkspace } from './nodeWorkspace';
export { withEditorExcludes } from './editorExcludes';
export type { NodeWorkspaceOptions } from './nodeWorkspace';
export { resolveWorkspacePath, toDisplayPath } from './files/resolveWorkspacePath';
export type { ResolvedWorkspacePath } from './files/resolveWorkspacePath';
export { assertRealPathInside } from './files/assertRealPathInside';
export { resolveReadableFile } from './files/resolveReadableFile';
export { PathFilter } from './files/pathFilter';
export { explainHiddenFiles, nearlyEmptyListing } from './files/hiddenFiles';
export type { PathFilterConfig } from './files/pathFilter';
export { GitignoreRules } from './files/gitignoreRules';
export { compileGlobArgument } from './files/globArgument';
export { assertGlobBounded } from './files/assertGlobBounded';
export type { GlobArgument } from './files/globArgument';
export { comparePaths } from './files/comparePaths';
export { walkFiles } from './files/walkFiles';
export type { WalkOptions, WorkspaceFile } from './files/walkFiles';
export { compileSearchPattern } from './regex/compileSearchPattern';
export type { SearchPattern } from './regex/compileSearchPattern';
export { grepWithJs } from './grep/grepWithJs';
export type { CandidateContent, JsGrepSource } from './grep/grepWithJs';
export { grepWithRipgrep } from './grep/grepWithRipgrep';
export type { RipgrepSearch } from './grep/grepWithRipgrep';
export { buildRipgrepArgs } from './grep/ripgrepArgs';
export type { RipgrepArgsOptions } from './grep/ripgrepArgs';
export { findRipgrepOnPath } from './grep/findRipgrep';
export type { GrepSettings } from './grep/grepCollector';
export { formatFileRead } from './text/formatFileRead';
export { findPrivateKey } from './text/findPrivateKey';
export { decodeText, splitLines } from './text/decodeText';
export type { DecodedText } from './text/decodeText';
