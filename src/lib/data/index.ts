/** The data pipeline's public API (issue 3). Consumers import from here only. */
export { arquero } from './arquero.js';
export { featureKind, featureKinds } from './features/index.js';
export type {
  CheckContext,
  FeatureKind,
  FitContext,
  IssueReporter,
  NumberMatrix,
  RequestAccepts,
  RequestWarningKind,
  ValidationPolicy,
  WarningCheck,
} from './features/kind.js';
export {
  actionFor,
  DEFAULT_POLICY,
  inputPolicy,
  type PolicyAction,
  type PolicyProblem,
} from './features/policy.js';
export { MAX_ABS_NUMBER, MAX_STRING_LENGTH } from './features/request-value.js';
export type { FileFormat } from './ingest/detect-format.js';
export { type DictionaryCodes, DictionaryColumn, isDictionaryColumn } from './ingest/dictionary-column.js';
export { type ReadChunksOptions, readTableChunks, type TableChunk } from './ingest/read-chunks.js';
export {
  type IngestedColumns,
  type IngestResult,
  ingestColumns,
  ingestFile,
  type ReadTableOptions,
  readTable,
} from './ingest/read-table.js';
export { type RecordRange, type RecordSplit, splitRecords } from './ingest/record-ranges.js';
export type { RawColumn } from './ingest/type-columns.js';
export { type LoadedSplits, loadSplits } from './load-splits.js';
export type { DataLock, LockedFile } from './lock.js';
export { type ColumnSource, tableSource } from './pipeline/column-source.js';
export { encodeColumns, encodedColumns, encodeRows } from './pipeline/encode.js';
export { actualTargets, classLabels, decodeTarget, encodeTarget } from './pipeline/encode-target.js';
export { fitPipeline } from './pipeline/fit-pipeline.js';
export { type TransformOptions, transformColumns, transformRows, transformTable } from './pipeline/transform.js';
export type {
  EncodedColumn,
  EncodedMatrix,
  FittedPipeline,
  InputEncoding,
  NumericStep,
  PipelineFeature,
  PipelineFeatureOf,
  PipelineTarget,
  TransformResult,
} from './pipeline/types.js';
export { type PrepareOptions, type PrepareResult, prepareData } from './prepare.js';
export { type DataPaths, dataPaths } from './project-paths.js';
export { DirectoryStore } from './remote/directory-store.js';
export { openRemote } from './remote/open-remote.js';
export type { RemoteStore } from './remote/remote-store.js';
export { pullData, pushData, type SyncResult } from './remote/sync.js';
export { buildSchema } from './schema/build-schema.js';
export {
  type InferredFeature,
  type InferSchemaResult,
  inferSchema,
  type TargetSummary,
  writeFeaturesToConfig,
} from './schema/infer-schema.js';
export { type DataStatus, dataStatus, type StatusChange } from './status.js';
export { columnValues } from './table-utils.js';
export { applyInputPolicy, BatchJudge, type BatchOptions, type JudgeState } from './validate/batch-policy.js';
export { columnHint } from './validate/dataset-checks.js';
export { formatValidationReport } from './validate/format-report.js';
export type { ValidationReport, Violation } from './validate/types.js';
export { type ValidateFileOptions, type ValidateFileResult, validateFile } from './validate/validate-file.js';
export { type ValidateOptions, validateTable } from './validate/validate-table.js';
