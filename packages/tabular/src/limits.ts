/** Limits of the readers (documented in README.md). */
export const LIMITS = {
  /** Largest file accepted by readTable (CSV bytes or XLSX zip bytes). */
  maxFileBytes: 64 * 1024 * 1024,
  /** Total uncompressed bytes readTable inflates out of one XLSX (zip-bomb guard). */
  maxUncompressedBytes: 64 * 1024 * 1024,
  /** Zip entries in one XLSX. */
  maxZipEntries: 10_000,
  /** Data rows (after the header), unless `maxRows` says otherwise. */
  defaultMaxRows: 100_000,
  /** Columns of a row (a cell further right is refused). */
  maxColumns: 1024,
  /** Characters in one cell (Excel's own limit). */
  maxCellChars: 32_767,
  /** Cells over the whole table (rows × their width), to bound memory on sparse hostile sheets. */
  maxCells: 5_000_000,
} as const;
