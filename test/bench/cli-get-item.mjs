// The baseline of `hotline crm show` in the CLI benchmark (test/bench/cli.ts): a bare Node script
// that makes the same GetItem (the number's lookup item) against the same DynamoDB Local and prints it.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const [endpoint, table, e164] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const out = await client.send(
  new GetItemCommand({ TableName: table, Key: { pk: { S: `PHONE#${e164}` }, sk: { S: 'PHONE' } } }),
);
console.log(JSON.stringify(out.Item ?? null));
client.destroy();
