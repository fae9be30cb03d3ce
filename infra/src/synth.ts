import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app';

/** A CloudFormation template as JSON (Resources, Outputs, Metadata, …). */
// biome-ignore lint/suspicious/noExplicitAny: templates are untyped JSON documents
export type CloudFormationTemplate = Record<string, any>;

export interface SynthesizedTemplates {
  readonly data: CloudFormationTemplate;
  readonly api: CloudFormationTemplate;
  readonly workflow: CloudFormationTemplate;
}

export interface SynthTemplatesOptions {
  /**
   * Bundle the functions with esbuild (default false). Without bundling the templates are the
   * ones `cdk synth` writes except for the functions' asset hash (Code.S3Key); the local stack
   * runs handlers from source through the `talent:entry` metadata and needs no bundle.
   */
  readonly bundling?: boolean;
  /** Extra context, e.g. `{ stage: 'dev' }`. */
  readonly context?: Record<string, unknown>;
  /** CDK's built-in CloudFormation schema validation (default false: `cdk synth` runs it). */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Synthesizes the app into a temporary cloud assembly and returns each stack's template, as
 * written to disk (cdk-nag validation included: unacknowledged findings throw).
 */
export function synthTemplates(options: SynthTemplatesOptions = {}): SynthesizedTemplates {
  const outdir = mkdtempSync(join(tmpdir(), 'talent-synth-'));
  try {
    const { app, data, api, workflow } = buildApp({
      bundling: options.bundling ?? false,
      cloudFormationValidation: options.cloudFormationValidation ?? false,
      outdir,
      ...(options.context ? { context: options.context } : {}),
    });
    const assembly = app.synth();
    const template = (stackName: string): CloudFormationTemplate =>
      assembly.getStackByName(stackName).template as CloudFormationTemplate;
    return {
      data: template(data.stackName),
      api: template(api.stackName),
      workflow: template(workflow.stackName),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
