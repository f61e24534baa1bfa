import type { WorkspaceLimits } from './workspace';

/**
 * Files that look like secrets: never listed, searched or read, so their content never reaches a model. A glob
 * without '/' is tested on every path segment, so a folder name (".ssh") hides the folder; shell histories are
 * matched as dot files only, since a name glob like "*_history" would also hide source folders ("order_history/").
 */
export const defaultSecretFileGlobs: readonly string[] = [
  // Environment files (".env.local", and "production.env" as docker --env-file names them) and private keys, also
  // renamed copies ("server.key.bak").
  '.env*',
  '*.env',
  '*.pem',
  '*.key',
  '*.key.*',
  '*.ppk',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  // Keystores.
  '*.p12',
  '*.pfx',
  '*.keystore',
  '*.jks',
  // Tools' credential files.
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '.pgpass',
  '.htpasswd',
  '.git-credentials*',
  'credentials',
  'credentials.*',
  // Folders of keys and tool logins (SSH keys under any name, kubeconfigs, AWS profiles, the GitHub CLI's token).
  '**/.ssh/**',
  '**/.gnupg/**',
  '**/.kube/**',
  '**/.aws/**',
  '**/.config/gh/**',
  '**/.docker/config.json',
  // Terraform state holds resources' passwords and keys in clear; shell histories hold typed tokens.
  '*.tfstate',
  '*.tfstate.*',
  '.*_history',
  'fish_history',
];

/**
 * Bounds on a glob, checked before minimatch sees it: brace expansion is exponential in the glob and
 * minimatch's wildcards backtrack, polynomially in the name's length with the number of '*' in a segment.
 */
export const globLimits = {
  maxLength: 300,
  maxExpansions: 100,
  maxNesting: 3,
  maxStarsPerSegment: 3,
  maxGlobstars: 4,
} as const;

/** Version-control internals: never listed, searched or read, even when asked for by path. */
export const vcsFolderNames: readonly string[] = ['.git', '.hg', '.svn'];

/** Folder and file names left out everywhere: version control, dependencies, build output, caches. */
export const defaultExcludeNames: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'dist',
  'out',
  'build',
  '.cache',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  'coverage',
  '__pycache__',
  '.venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.gradle',
  '.idea',
  '.vscode-test',
  '.DS_Store',
];

export const defaultWorkspaceLimits: WorkspaceLimits = {
  maxListedFiles: 2000,
  maxFileBytes: 1024 * 1024,
  maxReadLines: 400,
  maxReadBytes: 64 * 1024,
  maxGrepResults: 200,
  maxLineChars: 500,
  maxContextLines: 10,
  secretFileGlobs: defaultSecretFileGlobs,
  excludeGlobs: [],
};

/** Defaults completed with the caller's overrides; `undefined` values keep the default. */
export function resolveWorkspaceLimits(overrides: Partial<WorkspaceLimits> = {}): Required<WorkspaceLimits> {
  const limits: Record<string, unknown> = { ...defaultWorkspaceLimits };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) limits[key] = value;
  }
  return limits as unknown as Required<WorkspaceLimits>;
}
