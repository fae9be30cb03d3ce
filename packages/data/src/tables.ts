/**
 * Table definitions shared by the CDK stateful stack and the local stack.
 * One table holds every entity (single-table design, see docs/data-model.md); every
 * partition key starts with the tenant prefix `A#<agencyId>#` (X-TENANT).
 */
export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** CloudFormation logical id in the stateful stack; the local stack uses it as the table name. */
  readonly logicalId: string;
  /** Environment variable through which functions receive the table name. */
  readonly envVar: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  readonly timeToLiveAttribute?: string;
}

export const mainTable: TableDefinition = {
  logicalId: 'MainTable',
  envVar: 'TABLE_NAME',
  partitionKey: 'PK',
  sortKey: 'SK',
  globalIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
  timeToLiveAttribute: 'expiresAt',
};

export const tables: readonly TableDefinition[] = [mainTable];
