import { InvalidIdentifierError } from '../validate/identifiers';
import { PayloadValidationError } from './payload-validation-error';

/**
 * Runs one of the identifier validators on a payload field and returns its result, turning an
 * `InvalidIdentifierError` into a `PayloadValidationError` that names the field (`at`). Any
 * other error is a bug and passes through unchanged.
 */
export function checkedField<T>(at: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof InvalidIdentifierError) {
      throw new PayloadValidationError([`${at}: ${error.message}`]);
    }
    throw error;
  }
}
