import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `packages/local/src/paths.ts`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the local stack keeps its data unless told otherwise (git-ignored). */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.local', 'data');

/** DynamoDB Local's database file lives here, inside the data dir. */
export const dynamoDataDir = (dataDir: string): string => join(dataDir, 'dynamodb');

/** The virtual clock (`{ "now": "<ISO instant>" }`), inside the data dir. */
export const clockFile = (dataDir: string): string => join(dataDir, 'clock.json');

/** The local Step Functions' executions, one JSON file each, inside the data dir. */
export const stepFunctionsDir = (dataDir: string): string => join(dataDir, 'stepfunctions');

/** The local scheduler's state (last occurrence fired per schedule, dead letters), inside the data dir. */
export const schedulerFile = (dataDir: string): string => join(dataDir, 'scheduler.json');

/** Funding exports (EXPORT_DIR of the funding function), inside the data dir. */
export const exportsDir = (dataDir: string): string => join(dataDir, 'exports');
