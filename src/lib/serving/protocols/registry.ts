import type { Hono } from 'hono';
import type { ServingDeps, ServingEnv } from '../deps.js';
import type { ApiError } from '../http-error.js';
import type { ProtocolDoc, ProtocolDocContext } from '../openapi/json-schema.js';
import { kserveV2Doc } from '../openapi/kserve-v2.js';
import { mlflowDoc } from '../openapi/mlflow.js';
import { tfServingDoc } from '../openapi/tf-serving.js';
import { mlflowError, mlflowRoutes } from '../routes/mlflow.js';
import { tfServingError, tfServingRoutes } from '../routes/tfserving.js';
import { v2Error, v2Routes } from '../routes/v2.js';
import type { ProtocolError } from './errors.js';

/** An open inference protocol `mlx serve` speaks besides its own API: one module of routes, one of docs. */
export interface ServingProtocol {
  readonly name: string;
  /** Where its routes are mounted. */
  readonly mount: string;
  routes(deps: ServingDeps): Hono<ServingEnv>;
  /** Its part of /openapi.json. */
  openapi(context: ProtocolDocContext): ProtocolDoc;
  /** Whether a request path is this protocol's: errors raised before its routes (auth, no such route) use its shape. */
  owns(path: string): boolean;
  /** An error in this protocol's own shape. */
  renderError(error: ApiError): ProtocolError;
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
    owns: (path) => path === '/v2' || path.startsWith('/v2/'),
    renderError: v2Error,
    probes: ['/v2/health/live', '/v2/health/ready'],
  },
  {
    name: 'mlflow',
    mount: '/',
    routes: mlflowRoutes,
    openapi: mlflowDoc,
    owns: (path) => path === '/ping' || path === '/version' || path === '/invocations',
    renderError: mlflowError,
    probes: ['/ping'],
  },
  {
    name: 'tf-serving',
    mount: '/v1/models',
    routes: tfServingRoutes,
    openapi: tfServingDoc,
    owns: (path) => path.startsWith('/v1/models/'),
    renderError: tfServingError,
    probes: [],
  },
];
