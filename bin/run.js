#!/usr/bin/env node
import module from 'node:module';
import { requireNode } from './node-version.js';

requireNode(process.version);
// V8's compiled code of mlx's modules kept on disk between runs (os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE=dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a command starts ~60 ms sooner.
// Worker threads and child processes inherit it through the variable. A cache that cannot be written is
// skipped silently (a read-only disk, say).
const cache = module.enableCompileCache?.();
if (cache?.directory && !process.env.NODE_DISABLE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE ??= cache.directory;
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
