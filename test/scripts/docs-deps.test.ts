import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  areaDependencies,
  areaOfPath,
  dependencyMermaid,
  replaceBetweenMarkers,
  runtimeImports,
} from '../../scripts/docs-deps.js';

describe('docs-deps: the module dependency diagram from the imports', () => {
  const lib = mkdtempSync(path.join(os.tmpdir(), 'mlx-deps-'));
  afterAll(() => rmSync(lib, { recursive: true, force: true }));

  it('keeps run-time imports, drops type-only ones, and sees dynamic imports and re-exports', () => {
    const source = [
      "import { a } from '../data/a.js';",
      "import type { B } from '../model/b.js';",
      "import { type C, type D } from '../tracking/c.js';",
      "import { type E, f } from '../train/f.js';",
      "export { g } from './g.js';",
      "export type { H } from '../serving/h.js';",
      "import {\n  x,\n  y,\n} from '../config/index.js';",
      "const { z } = await import('../evaluate/z.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(runtimeImports(source)).toEqual([
      '../data/a.js',
      '../train/f.js',
      './g.js',
      '../config/index.js',
      '../evaluate/z.js',
    ]);
  });

  it('maps files to areas: the first folder under the library, or a top-level file name', () => {
    expect(areaOfPath('/r/src/lib', '/r/src/lib/data/ingest/read-csv.ts')).toBe('data');
    expect(areaOfPath('/r/src/lib', '/r/src/lib/errors.js')).toBe('errors');
    expect(areaOfPath('/r/src/lib', '/r/src/cli/base-command.ts')).toBeUndefined();
  });

  it('builds the area graph of a library tree and draws it, folding the base modules into one node', () => {
    const files: Record<string, string> = {
      'errors.ts': 'export class E extends Error {}',
      'logging.ts': "import type { E } from './errors.js';",
      'data/read.ts': "import { E } from '../errors.js';\nimport { helper } from './util/helper.js';",
      'data/util/helper.ts': 'export const helper = 1;',
      'model/bundle.ts': "import { read } from '../data/read.js';\nimport type { T } from '../train/t.js';",
      'train/t.ts': "import { bundle } from '../model/bundle.js';\nexport type T = 1;",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(lib, file)), { recursive: true });
      writeFileSync(path.join(lib, file), text);
    }
    const deps = areaDependencies(lib);
    expect(Object.fromEntries(deps)).toEqual({
      data: ['errors'],
      errors: [],
      logging: [],
      model: ['data'],
      train: ['model'],
    });
    expect(dependencyMermaid(deps, { data: 'ingest' }).split('\n')).toEqual([
      'flowchart TB',
      '  data["data/<br/>ingest"]',
      '  model["model/"]',
      '  train["train/"]',
      '  base["errors.ts, logging.ts, contracts.ts"]',
      '  model --> data',
      '  train --> model',
      '  data -.-> base',
    ]);
    // The base node can be any set of areas, e.g. every top-level file of the library.
    expect(dependencyMermaid(deps, {}, ['errors', 'logging', 'data'])).toContain(
      'base["errors.ts, logging.ts, data.ts"]\n  train --> model\n  model -.-> base',
    );
  });

  it('replaces only the text between the markers, and insists on them', () => {
    const text = 'intro\n<!-- deps:begin -->\nold\n<!-- deps:end -->\nafter\n';
    expect(replaceBetweenMarkers(text, 'new')).toBe('intro\n<!-- deps:begin -->\nnew\n<!-- deps:end -->\nafter\n');
    expect(() => replaceBetweenMarkers('no markers', 'x')).toThrow(/markers/);
  });
});
