import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { provinces } from '../js/provinces.js';

test('the app lists the same 77 provinces as the server', () => {
  const swift = readFileSync(new URL('../../Sources/KafaeDomain/Common/Province.swift', import.meta.url), 'utf8');
  const server = [...swift.matchAll(/Province\(nameEn: "([^"]+)", nameTh: "([^"]+)"/g)].map((m) => [m[1], m[2]]);
  assert.equal(server.length, 77);
  assert.deepEqual(provinces, server);
});
