/** Names of the data stack's outputs, without CDK: the CLI reads them to find the tables. */

/** `CRM_TABLE_NAME` → `CrmTableName`: the stack output a CLI reads to find the table. */
export const outputNameForEnvVar = (envVar: string): string =>
  envVar
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
