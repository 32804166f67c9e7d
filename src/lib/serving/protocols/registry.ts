import type { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import type { ProtocolDoc, ProtocolDocContext } from '../openapi/json-schema.js';
import { kserveV2Doc } from '../openapi/kserve-v2.js';
import { mlflowDoc } from '../openapi/mlflow.js';
import { tfServingDoc } from '../openapi/tf-serving.js';
import { mlflowRoutes } from '../routes/mlflow.js';
import { tfServingRoutes } from '../routes/tfserving.js';
import { v2Routes } from '../routes/v2.js';

/** An open inference protocol `mlx serve` speaks besides its own API: one module of routes, one of docs. */
export interface ServingProtocol {
  readonly name: string;
  /** Where its routes are mounted. */
  readonly mount: string;
  routes(deps: ServingDeps): Hono<ServingEnv>;
  /** Its part of /openapi.json. */
  openapi(context: ProtocolDocContext): ProtocolDoc;
  /** Health probes left open, like /health and /ready, when auth protects the rest (serve.auth.protect_ops: false). */
  readonly probes: readonly string[];
}

/** Every open protocol: one line each. */
export const PROTOCOLS: readonly ServingProtocol[] = [
  {
    name: 'kserve-v2',
    mount: '/v2',
    routes: v2Routes,
    openapi: kserveV2Doc,
    probes: ['/v2/health/live', '/v2/health/ready'],
  },
  { name: 'mlflow', mount: '/', routes: mlflowRoutes, openapi: mlflowDoc, probes: ['/ping'] },
  { name: 'tf-serving', mount: '/v1/models', routes: tfServingRoutes, openapi: tfServingDoc, probes: [] },
];
