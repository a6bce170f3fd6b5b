import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../../src/config/env.schema.js';
import { assetPath } from '../../../src/core/assets.js';

describe('README configuration reference', () => {
  it('documents every environment setting the schema accepts', () => {
    const readme = readFileSync(assetPath('README.md'), 'utf8');
    const missing = Object.keys(envSchema.shape).filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
