// Validates GitHub Actions workflow files offline, two ways, so that a typo fails CI before GitHub sees it:
//  1. the SchemaStore JSON schema for workflows (github-workflow.json, as bundled by @action-validator/core);
//  2. GitHub's own workflow parser and schema (@actions/workflow-parser, from actions/languageservices), which
//     also checks `${{ }}` expressions and reports line and column.
// CLI: `npx tsx scripts/ci/validate-workflows.ts [FILE...]` (default: every .github/workflows/*.yml); exit 1 on
// any problem. Also imported by test/deploy/workflows.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { tsImport } from 'tsx/esm/api';

// @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which Node's own loader
// refuses; tsx's loader accepts it, in plain Node as under vitest.
type WorkflowParser = typeof import('@actions/workflow-parser');
let parser: Promise<WorkflowParser> | undefined;
const loadParser = (): Promise<WorkflowParser> => {
  parser ??= tsImport('@actions/workflow-parser', import.meta.url) as Promise<WorkflowParser>;
  return parser;
};

export interface WorkflowProblem {
  file: string;
  /** Which validator found it. */
  source: 'json-schema' | 'github-parser';
  message: string;
}

interface SchemaError {
  code: string;
  title: string;
  path?: string;
  detail?: string;
  states?: { errors: SchemaError[] }[];
}

/** The leaf errors of a JSON-schema error tree (oneOf branches nest their own errors). */
function leafMessages(error: SchemaError): string[] {
  if (error.states && error.states.length > 0) {
    return error.states.flatMap((state) => state.errors.flatMap(leafMessages));
  }
  return [`${error.path ?? '/'}: ${error.detail ?? error.title}`];
}

/** Problems found by the SchemaStore JSON schema. A failed oneOf lists each branch's reason, deduplicated. */
export function checkJsonSchema(file: string, text: string): WorkflowProblem[] {
  // The validator warns on stderr that it does not check `paths` globs (GitHub's parser covers them): quiet it.
  const warn = console.warn;
  console.warn = () => {};
  let state: ReturnType<typeof validateWorkflow>;
  try {
    state = validateWorkflow(text);
  } finally {
    console.warn = warn;
  }
  return (state.errors as SchemaError[]).map((error) => {
    const leaves = [...new Set(leafMessages(error))];
    const shown = leaves.slice(0, 6).join('; ') + (leaves.length > 6 ? `; … (${leaves.length - 6} more)` : '');
    return { file, source: 'json-schema', message: `${error.path ?? '/'}: ${error.title} — ${shown}` };
  });
}

/** Problems found by GitHub's workflow parser: schema, structure and expression syntax, with positions. */
export async function checkGithubParser(file: string, text: string): Promise<WorkflowProblem[]> {
  const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await loadParser();
  const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  if (result.value !== undefined) {
    await convertWorkflowTemplate(result.context, result.value);
  }
  return result.context.errors
    .getErrors()
    .map((error) => ({ file, source: 'github-parser' as const, message: error.message }));
}

/** Every problem of one workflow file's text, from both validators. */
export async function validateWorkflowText(file: string, text: string): Promise<WorkflowProblem[]> {
  return [...checkJsonSchema(file, text), ...(await checkGithubParser(file, text))];
}

/** The workflow files of a repository, sorted. */
export function listWorkflowFiles(root: string): string[] {
  const dir = path.join(root, '.github', 'workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const files = process.argv.length > 2 ? process.argv.slice(2) : listWorkflowFiles(root);
  let problems = 0;
  for (const file of files) {
    const shown = path.relative(root, path.resolve(file));
    const found = await validateWorkflowText(shown, readFileSync(file, 'utf8'));
    problems += found.length;
    console.log(`${found.length === 0 ? 'valid' : 'INVALID'}  ${shown}`);
    for (const p of found) console.log(`  [${p.source}] ${p.message}`);
  }
  console.log(`validate-workflows: ${files.length} files, ${problems} problems`);
  process.exitCode = problems === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
