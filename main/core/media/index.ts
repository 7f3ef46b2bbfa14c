// The media module's public API (node side). The renderer imports rules.ts and validate.ts directly:
// they and what they import are free of node: modules.
export { inspectFile, type InspectOptions } from './inspect.ts';
export { InspectionFailure } from './inspect-failure.ts';
export { nodeFileSource, type FileFacts, type FileSource, type OpenedFile } from './file-source.ts';
export { validateFile, type ValidateFileOptions } from './validate-file.ts';
export { validate, type ValidateOptions } from './validate.ts';
export {
  CATEGORY_RULES,
  GB,
  MB,
  categoryForKind,
  defaultCategoryFor,
  rulesFor,
  type CategoryRules,
  type Rule,
} from './rules.ts';
export { parseSubtitles } from './subtitles.ts';
