import type { TestProject } from 'vitest/node';
import { tables } from '../../packages/data/src/tables';
import { localDynamoClient } from '../../packages/local/src/aws';
import {
  createTablesFromTemplate,
  startDynamoDbLocal,
  templateFromTableDefinitions,
} from '../../packages/local/src/dynamo';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local of this test run (in memory, free port), with the tables of packages/data. */
    dynamoEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run, in memory on a free port. Tables come from the shared
 * definitions (packages/data/src/tables.ts), not from a CDK synth, to keep the start fast.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  try {
    const client = localDynamoClient(dynamo.endpoint);
    try {
      await createTablesFromTemplate(templateFromTableDefinitions(tables), client);
    } finally {
      client.destroy();
    }
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
