import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queueIntervalSummary } from '../../src/model/index.js';

const base = {
  offered: 10,
  answered: 8,
  abandoned: 2,
  handleMs: 2_400_000,
  answerWaitMs: 160_000,
  serviceLevelNumerator: 6,
  serviceLevelDenominator: 8,
};

test('rates and averages come from the sums', () => {
  assert.deepEqual(queueIntervalSummary(base), {
    serviceLevel: 0.75,
    averageHandleMs: 300_000,
    averageSpeedOfAnswerMs: 20_000,
    abandonRate: 0.2,
  });
});

test('an empty interval has no rates rather than zero or NaN', () => {
  const empty = queueIntervalSummary({
    ...base,
    offered: 0,
    answered: 0,
    abandoned: 0,
    serviceLevelNumerator: 0,
    serviceLevelDenominator: 0,
  });
  assert.deepEqual(empty, {
    serviceLevel: undefined,
    averageHandleMs: undefined,
    averageSpeedOfAnswerMs: undefined,
    abandonRate: undefined,
  });
});
