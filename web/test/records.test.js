import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberFrom } from '../js/records.js';

test('numbers typed in a field: a comma groups thousands, anything else is not a number', () => {
  assert.equal(numberFrom(''), null);
  assert.equal(numberFrom('  '), null);
  assert.equal(numberFrom('1200'), 1200);
  assert.equal(numberFrom('1,200'), 1200);
  assert.equal(numberFrom('1,234,567.5'), 1234567.5);
  assert.equal(numberFrom('11.2'), 11.2);
  assert.equal(numberFrom('.5'), 0.5);
  assert.equal(numberFrom('-3'), -3);
  for (const bad of ['1,2', '1,20', '12,00', 'abc', '1e400', '1e3', '0x10', '1.2.3', 'Infinity', 'NaN', '1 200']) {
    assert.ok(Number.isNaN(numberFrom(bad)), bad);
  }
});
