// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are exactly what this refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text without control characters (tab and newlines allowed) or broken Unicode (P-TEXT). */
export const isCleanText = (value: string): boolean => !CONTROL.test(value) && !LONE_SURROGATE.test(value);
