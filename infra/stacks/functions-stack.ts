import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Config } from '../../schemas/config.js';
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from '../constructs/hotline-function.js';

export interface FunctionsStackProps extends StackProps {
  readonly config: Config;
  readonly profile: Profile;
  /** The CRM table (data stack). */
  readonly crmTable: dynamodb.ITable;
  /** The key that encrypts the tables and the functions' logs (data stack). */
  readonly dataKey: kms.IKey;
}

/** Connect gives a Lambda at most 8 s; leave the lookup its budget plus a second for the rest. */
export function inCallTimeout(budgetMs: number): Duration {
  return Duration.seconds(Math.min(8, Math.max(5, Math.ceil((budgetMs + 1000) / 1000))));
}

/**
 * Stateless: the Lambdas. Safe to destroy and redeploy (their log groups are retained).
 * Each function has its own role, granted only what it uses.
 */
export class FunctionsStack extends Stack {
  /** In-call: caller number → customer, tier, block, routing hints (F3–F6). */
  readonly callerLookup: HotlineFunction;
  /** Functions that contact flows invoke during a call; the connect stack adds them to the instance. */
  readonly inCallFunctions: readonly HotlineFunction[];

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, { description: 'Hotline functions (stateless)', ...props });
    const { config, profile } = props;
    // CloudWatch accepts exactly the values of LOG_RETENTION_DAYS, which RetentionDays enumerates.
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.callerLookup = new HotlineFunction(this, 'CallerLookup', {
      entry: 'functions/caller-lookup/handler.ts',
      serviceName: 'caller-lookup',
      description: 'Hotline in-call caller lookup: number to customer, tier, block and queue hint',
      timeout: inCallTimeout(config.lookupBudgetMs),
      logRetention,
      logEncryptionKey: props.dataKey,
      environment: {
        [CRM_TABLE.envVar]: props.crmTable.tableName,
        HOTLINE_PROFILE: profile.id,
        PHONE_REGION: config.phoneRegion ?? profile.phoneRegion,
        LOOKUP_BUDGET_MS: String(config.lookupBudgetMs),
      },
    });
    // The lookup reads single items (the per-number item) and nothing else.
    props.crmTable.grant(this.callerLookup, 'dynamodb:GetItem');
    props.dataKey.grantDecrypt(this.callerLookup);

    this.inCallFunctions = [this.callerLookup];

    new CfnOutput(this, 'CallerLookupFunctionName', { value: this.callerLookup.functionName });
  }
}
