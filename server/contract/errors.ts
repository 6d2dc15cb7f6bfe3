import { z } from 'zod';

/** The API's error body (modelarts-api.md §0, §10). */
export const ErrorBody = z.object({
  error_code: z.string().regex(/^ModelArts\.\d{4}$/),
  error_msg: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Every error code the console and the engine use, with its HTTP status and default message.
 * Declared once here: the engine raises them, the SPA translates them.
 */
export const ERRORS = {
  '0101': [400, 'Invalid argument'],
  '0104': [400, 'Parameter error'],
  '0107': [400, 'Invalid value'],
  '4105': [400, 'Invalid JSON body'],
  '4200': [400, 'Invalid request'],
  '4202': [400, 'Empty request'],
  '4205': [400, 'The input and output paths must not contain each other'],
  // auth
  '0202': [401, 'Request date is outside the allowed skew'],
  '0203': [401, 'Unknown access key'],
  '0205': [401, 'Authorization header missing'],
  '0206': [401, 'Authorization header format is invalid'],
  '0208': [401, 'Authorization header check failed'],
  '0210': [403, 'Project id in the path does not match the credentials'],
  '0108': [403, 'Not authorized for this operation'],
  '4630': [401, 'Not logged in'],
  // object store
  '4311': [400, 'Bucket does not exist'],
  '4312': [400, 'Path does not exist'],
  '4313': [400, 'Invalid path'],
  '4316': [400, 'A bucket root is not allowed here'],
  '4340': [400, 'No valid file in the import path'],
  // datasets
  '4343': [400, 'Dataset is publishing a version'],
  '4344': [400, 'Dataset is being deleted'],
  '4350': [400, 'Work path is too long'],
  '4351': [400, 'Dataset already exists'],
  '4352': [400, 'Dataset does not exist'],
  '4353': [400, 'Dataset version does not exist'],
  '4355': [400, 'A sync task already exists'],
  '4356': [400, 'An import task is running'],
  '4358': [400, 'Invalid export path'],
  '4359': [400, 'Export task does not exist'],
  '4362': [400, 'Import data error'],
  '4365': [400, 'Labels are not set'],
  '4370': [400, 'Only one version can be published per minute'],
  '4371': [400, 'A version with this name already exists'],
  '4383': [501, 'Not supported for this dataset type'],
  '4384': [400, 'Invalid export parameter'],
  '4392': [400, 'Task failed'],
  '4393': [400, 'Task stopped'],
  '4396': [400, 'Invalid parameter'],
  '4700': [400, 'Task does not exist'],
  '4711': [400, 'The dataset cannot be split as requested'],
  '4712': [400, 'Publishing the version failed'],
  '4714': [400, 'Version quota exceeded'],
  '4824': [400, 'The dataset version is not in normal status'],
  // labels and samples
  '4410': [400, 'Label does not exist'],
  '4411': [400, 'Label already exists'],
  '4412': [400, 'Shortcut already exists'],
  '4413': [400, 'Label is incompatible with the dataset rules'],
  '4420': [400, 'Sample does not exist'],
  '4421': [400, 'Upload failed'],
  '4422': [400, 'Sample already exists'],
  '4423': [400, 'Sample size is unknown'],
  // transport
  '4204': [404, 'API does not exist'],
  '4104': [413, 'Request body too large'],
  '4206': [429, 'Too many requests'],
  '0010': [500, 'Internal error'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

export const errorStatus = (code: ErrorCode): number => ERRORS[code][0];
export const errorCode = (code: ErrorCode): string => `ModelArts.${code}`;

/** Thrown anywhere on the server; the one error handler turns it into an ErrorBody. */
export class ModelArtsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message?: string, status?: number) {
    super(message ?? ERRORS[code][1]);
    this.code = code;
    this.status = status ?? ERRORS[code][0];
  }
  toBody(): ErrorBody {
    return { error_code: errorCode(this.code), error_msg: this.message };
  }
}
