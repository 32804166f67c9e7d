#!/usr/bin/env node
import { requireNode } from './node-version.js';

requireNode(process.version);
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
