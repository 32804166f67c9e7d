import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { existingFile } from '../cli/paths.js';
import type { TrafficResult } from '../lib/workflows/simulate.js';

export default class Simulate extends BaseCommand<typeof Simulate> {
  static override summary = 'Replay data rows against a running `mlx serve`, optionally shifted (drift demos).';
  static override description =
    'Draws --rows instances (seeded, with replacement) from a data file (default data.source, target dropped) and POSTs them to /v1/predict in batches. --scale / --add change a numeric column, --category replaces a column by a value with a probability: then `mlx drift` should find the shift, and unshifted traffic should show no drift.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --rows 300',
    '<%= config.bin %> <%= command.id %> --url http://127.0.0.1:8080 --rows 300 --scale bill_length_mm=1.3 --category island=Dream:0.8',
  ];
  static override flags = {
    url: Flags.string({ summary: 'Base URL of the server (default http://127.0.0.1:<serve.port>).' }),
    data: Flags.string({ summary: 'Rows to replay: csv, tsv, json, ndjson or parquet (default data.source).' }),
    rows: Flags.integer({ char: 'n', min: 1, default: 200, summary: 'Instances to send.' }),
    batch: Flags.integer({ min: 1, default: 20, summary: 'Instances per request.' }),
    scale: Flags.string({ multiple: true, summary: 'Multiply a numeric column: COL=FACTOR.' }),
    add: Flags.string({ multiple: true, summary: 'Add to a numeric column: COL=AMOUNT.' }),
    category: Flags.string({ multiple: true, summary: 'Replace a column by VALUE with probability P: COL=VALUE:P.' }),
    seed: Flags.integer({ summary: 'Random seed (default: the config seed).' }),
  };

  async run(): Promise<TrafficResult> {
    const { simulateTraffic } = await import('../lib/workflows/simulate.js');
    const { config, root } = this.resolvedConfig;
    const result = await simulateTraffic({
      root,
      config,
      url: this.flags.url,
      dataFile: existingFile(this.flags.data, '--data'),
      count: this.flags.rows,
      batchSize: this.flags.batch,
      scale: this.flags.scale ?? [],
      add: this.flags.add ?? [],
      category: this.flags.category ?? [],
      seed: this.flags.seed,
    });
    const shifted = result.shifts.length ? `, shifted (${result.shifts.map((s) => s.column).join(', ')})` : '';
    this.log(
      `sent ${result.sent} instances in ${result.requests} requests to ${result.url}${shifted}: ${result.accepted} accepted, ${result.rejected} rejected (${result.ms} ms)`,
    );
    return result;
  }
}
