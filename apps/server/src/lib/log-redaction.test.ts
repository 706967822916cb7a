import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('request logs carry no tracking tokens or query strings', () => {
  it.each([
    ['/t/AbCdEf123456', '/t/[token]'],
    ['/api/public/track/AbCdEf123456/rating', '/api/public/track/[token]/rating'],
    ['/open311/v2/requests/AbCdEf.json', '/open311/v2/requests/[token].json'],
    ['/api/concerns?q=13812345678', '/api/concerns'],
    ['/api/health', '/api/health'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
