import type { z } from 'zod';
import { configSchema } from './schema.js';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  out?: z.ZodType;
  options?: readonly z.ZodType[];
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under wrappers that do not change the shape (default, prefault, nullable, optional, preprocess). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ['default', 'prefault', 'nullable', 'optional', 'readonly', 'catch'].includes(def.type))
      current = def.innerType;
    else if (def.type === 'pipe' && def.out) current = def.out;
    else return current;
  }
}

/** The schema at a dotted path of the config (undefined when the path leaves the schema). */
function schemaAt(path: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = configSchema;
  for (const part of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    if (def.type === 'object') current = def.shape?.[part];
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current;
}

/**
 * Whether `path` names a map whose keys the user chooses (`drift.columns`, `data.rename`,
 * `data.features`, `evaluate.fail_under`...): its entries cannot exist before they are set, so
 * `--set drift.columns.x.test=psi` adds one without Hydra's `+`.
 */
export function isOpenMap(path: string): boolean {
  const schema = schemaAt(path === '' ? [] : path.split('.'));
  return schema !== undefined && defOf(unwrap(schema)).type === 'record';
}
