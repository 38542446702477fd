import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { maskPhone, maskPhonesIn } from '../core/phone.js';

/** Keys whose values are phone numbers or may hold one: masked in every log line. */
const PHONE_KEY = /phone|number|address|endpoint|caller|from|^to$|ani|dnis/i;

/**
 * Log replacer: masks phone numbers in values under phone-like keys, and any phone-like
 * digit run inside error messages and strings under other keys.
 */
export function maskingReplacer(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (PHONE_KEY.test(key)) return maskPhone(value);
  return maskPhonesIn(value);
}

/** One Powertools setup for every function (service name from POWERTOOLS_SERVICE_NAME). */
export function createObservability(defaultService: string) {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? defaultService;
  const logger = new Logger({ serviceName, jsonReplacerFn: maskingReplacer });
  const metrics = new Metrics({
    serviceName,
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Hotline',
  });
  return { logger, metrics };
}
