import { ValidationFailedError } from '@talent/kernel';

/** The rule id of every "this file cannot be read" failure. */
export const IMPORT_FORMAT_RULE = 'P-IMPORT-FORMAT';

/**
 * The uploaded file cannot be read (not a CSV/XLSX, truncated, too large, a zip bomb, an unknown sheet …).
 * A 422 with one violation: rule P-IMPORT-FORMAT, path `body.contentBase64` (or `body.sheet` for an
 * unknown sheet name), an English and a Chinese message.
 */
export class TabularFormatError extends ValidationFailedError {
  constructor(message: string, messageZh: string, path = 'body.contentBase64') {
    super([{ ruleId: IMPORT_FORMAT_RULE, path, message, messageZh }]);
  }
}

export const formatError = (message: string, messageZh: string, path?: string): TabularFormatError =>
  new TabularFormatError(message, messageZh, path);
