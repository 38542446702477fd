import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: esbuild's working directory and where package-lock.json lives. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lets the ESM bundle load CommonJS dependencies that call `require` (some of the AWS SDK's do).
 * The alias avoids a clash with a bundled `createRequire` import.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as __hotlineCreateRequire } from 'node:module'; const require = __hotlineCreateRequire(import.meta.url);";

/**
 * esbuild loaders of the Lambda bundles: WebAssembly modules are inlined as their bytes (the analytics export's
 * Parquet encoder, functions/adapters/s3/parquet-encoder.ts), so a bundle is one file and synth needs no download.
 */
export const BUNDLE_LOADERS = { '.wasm': 'binary' } as const;

/**
 * The shell command that bundles a worker-thread script beside a handler's bundle (`index.mjs`), with the same options
 * (ESM, minified, source map, the require shim, the loaders), run by NodejsFunction after it bundles the handler
 * (`afterBundling`: esbuild bundles one entry per function). test/unit/parquet-encoder-bundle.test.ts runs the very
 * command. Paths are quoted for the shell; none of ours holds a double quote.
 */
export function workerBundleCommand(esbuild: string, entry: string, outfile: string): string {
  const loaders = Object.entries(BUNDLE_LOADERS).map(([ext, loader]) => `--loader:${ext}=${loader}`);
  return [
    `"${esbuild}"`,
    `"${entry}"`,
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node24',
    '--main-fields=module,main',
    '--minify',
    '--sourcemap',
    '--sources-content=false',
    ...loaders,
    `"--banner:js=${ESM_REQUIRE_SHIM}"`,
    `"--outfile=${outfile}"`,
    '--log-level=warning',
  ].join(' ');
}

export interface HotlineFunctionProps {
  /** Path of the handler's TypeScript file, e.g. `functions/caller-lookup/handler.ts` (absolute, or relative to the repository root). */
  readonly entry: string;
  /**
   * Name of the exported handler.
   * @default 'handler'
   */
  readonly handler?: string;
  /** `POWERTOOLS_SERVICE_NAME`: the `service` key of every log line and metric, e.g. `caller-lookup`. */
  readonly serviceName: string;
  /**
   * Description shown in the Lambda console.
   * @default - none
   */
  readonly description?: string;
  /**
   * Worker-thread scripts bundled beside the handler (file name in the bundle, e.g. `parquet-worker.mjs` → source
   * path relative to the repository root), each with the handler's bundling options (workerBundleCommand).
   * @default - none
   */
  readonly workerScripts?: Readonly<Record<string, string>>;
  /**
   * Environment variables, added to the defaults (`NODE_OPTIONS`, `POWERTOOLS_*`).
   * @default - the defaults only
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Maximum run time. In-call functions must answer well inside the 8 s Connect allows.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Memory (and so CPU) in MB.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * How long the function's log group keeps logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key that encrypts the log group. Its key policy must let CloudWatch Logs use it
   * (the data stack's key does).
   * @default - encrypted by CloudWatch Logs with a key it owns
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * What happens to the log group when the function is removed. Retained by default: logs
   * are the record of what the hotline answered callers, and retention bounds their life.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * `POWERTOOLS_LOG_LEVEL`.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * A Lambda function with Hotline's defaults: Node.js 24 on arm64, an ESM bundle made by esbuild
 * (minified, with source maps, AWS SDK bundled so what is tested is what runs), X-Ray tracing,
 * Powertools settings, an explicit log group with a retention, and its own IAM role that starts
 * with nothing but writing to that log group. Grant it more with the resources' grant methods:
 * `table.grant(fn, 'dynamodb:GetItem')`, `key.grantDecrypt(fn)`.
 */
export class HotlineFunction extends Construct implements iam.IGrantable {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: HotlineFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Our own role, so no AWS managed policy (AWSLambdaBasicExecutionRole allows writing to any log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Hotline ${props.serviceName} function`,
    });
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(REPO_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(5),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      description: props.description,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Hotline',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        banner: ESM_REQUIRE_SHIM,
        bundleAwsSDK: true,
        loader: { ...BUNDLE_LOADERS },
        ...(props.workerScripts
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  Object.entries(props.workerScripts ?? {}).map(([name, source]) =>
                    workerBundleCommand(
                      join(inputDir, 'node_modules', '.bin', 'esbuild'),
                      join(inputDir, source),
                      join(outputDir, name),
                    ),
                  ),
              },
            }
          : {}),
      },
    });

    this.logGroup.grantWrite(this.role);

    // Tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to this policy.
    // Acknowledged on this policy only; test/infra checks that "*" is used for nothing else.
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
          'permissions, so they need Resource "*". Every other statement names its resource.',
      });
    }
  }

  get functionArn(): string {
    return this.function.functionArn;
  }

  get functionName(): string {
    return this.function.functionName;
  }
}
