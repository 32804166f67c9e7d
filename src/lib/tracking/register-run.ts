import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readManifest, verifyManifest, writeManifest } from '../model/manifest.js';
import { readJson } from './json-file.js';
import { type ModelVersion, nextVersion, readRegistry, registerVersion } from './registry.js';
import type { RegistryStore } from './registry-store.js';
import { RUN_FILES, type RunRecord, updateRun } from './run-dir.js';

/** What registering a run did: a new version, or none because an identical one exists. */
export interface Registration {
  name: string;
  version: number;
  /** `new`: registered now; `identical`: a version with the same data fingerprint and config hash exists. */
  status: 'new' | 'identical';
}

/** The registered version trained on the same data with the same config, if any. */
export async function identicalVersion(
  store: RegistryStore,
  name: string,
  fingerprint: string,
  configHash: string,
): Promise<ModelVersion | undefined> {
  return (await readRegistry(store, name)).versions.find(
    (v) => v.dataFingerprint === fingerprint && v.configHash === configHash,
  );
}

/**
 * Registers a completed run that was trained without a version (the best member of a sweep): its
 * bundle's lineage.json gets the version (and MANIFEST.sha256 is rewritten to match), the bundle is
 * copied into the registry, and run.json names the version. An identical version (same data
 * fingerprint and config hash) is reused instead unless `force`.
 */
export async function registerRun(
  store: RegistryStore,
  runDir: string,
  options: { name: string; force?: boolean },
): Promise<Registration> {
  const record = readJson<RunRecord | null>(path.join(runDir, RUN_FILES.record), null);
  if (!record) throw new Error(`${runDir} has no ${RUN_FILES.record}`);
  const { name } = options;
  if (record.model?.version != null) return { name, version: record.model.version, status: 'new' };
  const same = options.force
    ? undefined
    : await identicalVersion(store, name, record.dataFingerprint, record.configHash);
  if (same) return { name, version: same.version, status: 'identical' };
  const version = await nextVersion(store, name);
  const bundleDir = path.join(runDir, RUN_FILES.bundle);
  stampVersion(bundleDir, version);
  const lineage = JSON.parse(readFileSync(path.join(bundleDir, 'lineage.json'), 'utf8')) as { createdAt: string };
  await registerVersion(store, name, bundleDir, {
    version,
    runId: record.id,
    createdAt: lineage.createdAt,
    metrics: record.metrics,
    dataFingerprint: record.dataFingerprint,
    configHash: record.configHash,
  });
  updateRun(runDir, { model: { name, version } });
  return { name, version, status: 'new' };
}

/** Writes `version` into a bundle's lineage.json and re-seals its manifest (same files, new hashes). */
function stampVersion(bundleDir: string, version: number): void {
  // Never re-seal a bundle that no longer matches what training wrote.
  verifyManifest(bundleDir);
  const file = path.join(bundleDir, 'lineage.json');
  const lineage = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...lineage, version }, null, 2)}\n`);
  writeManifest(bundleDir, [...readManifest(bundleDir).keys()]);
}
