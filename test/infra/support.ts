import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { buildApp, type HotlineApp } from '../../infra/hotline-app.js';

export const INSTANCE_ARN =
  'arn:aws:connect:ap-southeast-1:123456789012:instance/11111111-2222-3333-4444-555555555555';

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

export interface Synthesized {
  readonly hotline: HotlineApp;
  readonly assembly: CloudAssembly;
  readonly data: Template;
  readonly functions: Template;
  readonly connect: Template;
  /** AwsSolutions findings that no acknowledgement covers (errors and warnings). */
  readonly nag: readonly NagFinding[];
}

export interface SynthOptions {
  /**
   * Run esbuild for the Lambda bundles. Off by default to keep the suite fast: CDK's own
   * `aws:cdk:bundling-stacks` context (what `cdk deploy -e` uses) skips bundling and stages
   * a placeholder. One test in functions.test.ts bundles for real.
   */
  readonly bundle?: boolean;
}

/**
 * Context every test synth adds (tests that call `buildApp` themselves add it too):
 * skip esbuild (see SynthOptions.bundle), and have CDK write cdk-nag errors to
 * validation-report.json instead of throwing, so a test can list them.
 */
export const TEST_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:bundling-stacks': [],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
};

/** cdk-nag 3 reports through CDK's policy validation: the report lands in the cloud assembly. */
function readNagFindings(assembly: CloudAssembly): NagFinding[] {
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string; severity: string; violatingConstructs?: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) =>
      r.violations.flatMap((v) =>
        (v.violatingConstructs ?? [{ constructPath: '?' }]).map((c) => ({
          rule: v.ruleName,
          severity: v.severity,
          path: c.constructPath,
        })),
      ),
    );
}

/** Build the app with `context` (as `-c key=value` would give it) and synthesize it once. */
export function synth(context: Record<string, unknown> = {}, opts: SynthOptions = {}): Synthesized {
  const ctx: Record<string, unknown> = { ...TEST_CONTEXT, ...context };
  if (opts.bundle) delete ctx['aws:cdk:bundling-stacks'];
  return synthApp(buildApp(ctx));
}

/** Synthesize an app built by `buildApp` (possibly changed by the test first). */
export function synthApp(hotline: HotlineApp): Synthesized {
  const assembly = hotline.app.synth();
  return {
    hotline,
    assembly,
    data: Template.fromStack(hotline.data),
    functions: Template.fromStack(hotline.functions),
    connect: Template.fromStack(hotline.connect),
    nag: readNagFindings(assembly),
  };
}

/** Logical id of an L2 construct's CloudFormation resource, for `Fn::GetAtt`/`Ref` assertions. */
export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(cfn);
}

/** The value, or a test failure naming what was missing. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** A flow's Content as synthesized, with each CloudFormation intrinsic swapped for a placeholder. */
export interface ResolvedContent {
  /** The parsed Flow Language document. */
  readonly doc: unknown;
  /** Placeholder (`TOKEN0`, `TOKEN1`…) → the intrinsic it stands for (`{ 'Fn::GetAtt': [...] }`). */
  readonly tokens: ReadonlyMap<string, unknown>;
}

/**
 * `CfnContactFlow.Content` is a plain JSON string, or (when it holds ARNs of other resources) an
 * `Fn::Join` of JSON fragments and intrinsics. Replace each intrinsic by a placeholder that needs no
 * JSON escaping, join and parse: what CloudFormation will hand Connect, with ARNs still symbolic.
 */
export function resolveContent(content: unknown): ResolvedContent {
  const tokens = new Map<string, unknown>();
  if (typeof content === 'string') return { doc: JSON.parse(content), tokens };
  const join = (content as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`Content is neither a string nor an Fn::Join: ${JSON.stringify(content)}`);
  const [separator, parts] = join;
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const placeholder = `TOKEN${tokens.size}`;
      tokens.set(placeholder, part);
      return placeholder;
    })
    .join(separator);
  return { doc: JSON.parse(text), tokens };
}
