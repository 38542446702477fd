/**
 * One row of an operator's customer file, as a file adapter reads it (port): the physical
 * line it starts on (1 = the file's first line) and its raw fields, or why it could not be
 * read as a row at all (for example a CSV row with more cells than the header).
 */
export type CustomerSourceRow =
  | { readonly line: number; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly line: number; readonly error: string };
