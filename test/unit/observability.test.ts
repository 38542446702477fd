import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskingReplacer } from '../../functions/shared/observability.js';

describe('log masking', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks phone-like keys and numbers inside other strings', () => {
    expect(maskingReplacer('phoneNumber', '+8613800138000')).toBe('+86*******8000');
    expect(maskingReplacer('caller', '13800138000')).toBe('*******8000');
    expect(maskingReplacer('message', 'from +8613800138000')).toBe('from +86*******8000');
    expect(maskingReplacer('count', 3)).toBe(3);
  });

  it('no log line of a Powertools logger built with it contains a full number', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = new Logger({ serviceName: 't', logLevel: 'INFO', jsonReplacerFn: maskingReplacer });
    logger.info('lookup for 138-0013-8000', {
      customerEndpoint: { Address: '+8613800138000' },
      error: new Error('no item for +8613800138000'),
    });
    const out = lines.join('');
    expect(out).toContain('lookup for');
    expect(out).not.toMatch(/13800138000|0013-8000/);
    expect(out).toContain('8000');
  });
});
