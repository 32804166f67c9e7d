#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (no build step): `node bin/dev.js <command>`.
import { register } from 'node:module';
import { execute } from '@oclif/core';

register('tsx/esm', import.meta.url);
await execute({ development: true, dir: import.meta.url });
