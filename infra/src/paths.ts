import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (the folder holding package.json and cdk.json). */
export const repoRoot: string = fileURLToPath(new URL('../../', import.meta.url));

/** Resolves a repository-relative path (as written in the manifest) to an absolute one. */
export const fromRepoRoot = (path: string): string => (isAbsolute(path) ? path : join(repoRoot, path));
