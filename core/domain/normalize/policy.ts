/**
 * The redaction policy a normalizer applies when its caller passes none. Its own module because both
 * the dispatcher (parseEvent) and fromConfigItem default to it, and they must share one instance.
 */
import { redactionPolicy } from '../redact';

/** The built-in secret-key patterns and ePHI tag rules, with no extra keys. */
export const DEFAULT_POLICY = redactionPolicy();
