// Why a file could not be inspected, as an XferFailure with a stable code (e.g. "file.missing") that
// validateFile turns into a `file` finding.
import { XferFailure, xferError, type ErrorKind } from '../../common/errors.ts';

export class InspectionFailure extends XferFailure {
  readonly code: string;

  constructor(code: string, message: string, kind: ErrorKind = 'validation') {
    super(xferError(kind, message));
    this.name = 'InspectionFailure';
    this.code = code;
  }
}

export function failInspection(code: string, message: string, kind?: ErrorKind): never {
  throw new InspectionFailure(code, message, kind);
}
