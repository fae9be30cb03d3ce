import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `packages/local/src/paths.ts`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the local stack keeps its data unless told otherwise (git-ignored). */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.local', 'data');

/** DynamoDB Local's database file lives here, inside the data dir. */
export const dynamoDataDir = (dataDir: string): string => join(dataDir, 'dynamodb');
