/**
 * EventBridge event-pattern conformance: each case is written from the documented semantics (AWS
 * EventBridge user guide, "Content filtering" and "Comparison operators"; the event-ruler README), not
 * from this implementation. Cases marked "(choice)" are where the documentation is silent; README.md
 * beside this file says what was chosen and why.
 */
import { describe, expect, it } from 'vitest';
import { compileRules, InvalidPatternError, matchesPattern, validatePattern } from './index.js';

const EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'TranscriptProcessed',
  source: 'whispersync',
  account: '123456789012',
  time: '2024-05-06T10:15:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:s3:::memos/a', 'arn:aws:s3:::memos/b'],
  detail: {
    memo_id: 'm-2024-001',
    user_id: 'user-42',
    agent_type: 'work_journal',
    sentiment: 'positive',
    tags: ['Project-X', 'meeting'],
    word_count: 180,
    ratio: 0.25,
    source_ip: '10.0.0.33',
    client_ip: '2001:db8::ff00:42:8329',
    empty: '',
    nothing: null,
    flags: [],
    nested: { level: { deep: 'yes' } },
    file: 'notes/Summary.PNG',
    star: 'a*b',
    backslash: 'a\\b',
    attendees: [
      { name: 'Ana', role: 'lead' },
      { name: 'Bo', role: 'dev' },
    ],
    numbers: [1, 5, 10],
    mixed: ['7', 7],
    truthy: true,
  },
};

interface Case {
  name: string;
  pattern: unknown;
  event: unknown;
  expected: boolean;
}

const detail = (fields: Record<string, unknown>) => ({ detail: fields });
const json = (text: string): unknown => JSON.parse(text);

const cases: Case[] = [
  // Exact values, null and the empty string
  { name: 'exact string', pattern: { source: ['whispersync'] }, event: EVENT, expected: true },
  { name: 'exact string, other value', pattern: { source: ['aws.ec2'] }, event: EVENT, expected: false },
  {
    name: 'exact match is case-sensitive',
    pattern: { source: ['WhisperSync'] },
    event: EVENT,
    expected: false,
  },
  {
    name: 'several values are OR',
    pattern: { source: ['aws.ec2', 'whispersync'] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'several fields are AND (all hold)',
    pattern: { source: ['whispersync'], 'detail-type': ['TranscriptProcessed'] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'several fields are AND (one fails)',
    pattern: { source: ['whispersync'], 'detail-type': ['Other'] },
    event: EVENT,
    expected: false,
  },
  {
    name: 'an object descends into the event object',
    pattern: detail({ agent_type: ['work_journal'] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'deep nesting',
    pattern: detail({ nested: { level: { deep: ['yes'] } } }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'fields the pattern does not name are ignored',
    pattern: { detail: { user_id: ['user-42'] } },
    event: EVENT,
    expected: true,
  },
  { name: 'a missing field fails', pattern: detail({ missing: ['x'] }), event: EVENT, expected: false },
  {
    name: 'an object pattern does not match a string field',
    pattern: { source: { inner: ['x'] } },
    event: EVENT,
    expected: false,
  },
  {
    name: 'a leaf pattern does not match an object field',
    pattern: detail({ nested: ['yes'] }),
    event: EVENT,
    expected: false,
  },
  { name: 'exact number', pattern: detail({ word_count: [180] }), event: EVENT, expected: true },
  {
    name: 'numbers compare numerically: 3 equals 3.0',
    pattern: json('{"n":[3]}'),
    event: json('{"n":3.0}'),
    expected: true,
  },
  {
    name: 'numbers compare numerically: 3e2 equals 300',
    pattern: json('{"n":[3e2]}'),
    event: { n: 300 },
    expected: true,
  },
  {
    name: 'a number pattern never matches a string',
    pattern: detail({ word_count: ['180'] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'a string pattern never matches a number',
    pattern: { n: [7] },
    event: { n: '7' },
    expected: false,
  },
  { name: 'null matches null', pattern: detail({ nothing: [null] }), event: EVENT, expected: true },
  {
    name: 'null does not match the empty string',
    pattern: detail({ empty: [null] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'null does not match a missing field',
    pattern: detail({ missing: [null] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'the empty string matches the empty string',
    pattern: detail({ empty: [''] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'the empty string does not match null',
    pattern: detail({ nothing: [''] }),
    event: EVENT,
    expected: false,
  },
  { name: 'true matches true', pattern: detail({ truthy: [true] }), event: EVENT, expected: true },
  {
    name: 'true does not match "true"',
    pattern: detail({ truthy: ['true'] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'inherited properties are not fields',
    pattern: { constructor: { name: ['Object'] } },
    event: {},
    expected: false,
  },

  // Arrays in events
  {
    name: 'an event array matches if any element does',
    pattern: detail({ tags: ['meeting'] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'an event array with no matching element',
    pattern: detail({ tags: ['other'] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'pattern array and event array intersect',
    pattern: { resources: ['arn:aws:s3:::memos/z', 'arn:aws:s3:::memos/b'] },
    event: EVENT,
    expected: true,
  },
  { name: 'an array of numbers', pattern: detail({ numbers: [5] }), event: EVENT, expected: true },
  {
    name: 'a mixed array: the number element matches',
    pattern: detail({ mixed: [7] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'an empty event array matches no value',
    pattern: detail({ flags: ['x'] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'nested event arrays are flattened',
    pattern: { a: [3] },
    event: { a: [[1, 2], [3]] },
    expected: true,
  },
  {
    name: 'an object pattern matches inside an array of objects',
    pattern: detail({ attendees: { name: ['Bo'] } }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'array consistency: sibling fields must come from the same element',
    pattern: detail({ attendees: { name: ['Ana'], role: ['dev'] } }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'array consistency: both fields in one element',
    pattern: detail({ attendees: { name: ['Ana'], role: ['lead'] } }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false inside an array of objects: no element has the field',
    pattern: detail({ attendees: { email: [{ exists: false }] } }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false inside an array of objects: one element has it (choice)',
    pattern: { people: { email: [{ exists: false }] } },
    event: { people: [{ name: 'Ana', email: 'a@x' }, { name: 'Bo' }] },
    expected: false,
  },

  // prefix
  { name: 'prefix', pattern: { time: [{ prefix: '2024-05' }] }, event: EVENT, expected: true },
  { name: 'prefix, other value', pattern: { time: [{ prefix: '2023' }] }, event: EVENT, expected: false },
  {
    name: 'prefix is case-sensitive',
    pattern: detail({ tags: [{ prefix: 'project' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'prefix on an array element',
    pattern: detail({ tags: [{ prefix: 'Proj' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'prefix never matches a number',
    pattern: detail({ word_count: [{ prefix: '18' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'prefix with equals-ignore-case',
    pattern: detail({ tags: [{ prefix: { 'equals-ignore-case': 'PROJECT' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'an empty prefix matches any string',
    pattern: { source: [{ prefix: '' }] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'an empty prefix does not match null',
    pattern: detail({ nothing: [{ prefix: '' }] }),
    event: EVENT,
    expected: false,
  },

  // suffix
  { name: 'suffix', pattern: detail({ file: [{ suffix: '.PNG' }] }), event: EVENT, expected: true },
  {
    name: 'suffix is case-sensitive',
    pattern: detail({ file: [{ suffix: '.png' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'suffix with equals-ignore-case',
    pattern: detail({ file: [{ suffix: { 'equals-ignore-case': '.png' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'suffix never matches a number',
    pattern: detail({ word_count: [{ suffix: '80' }] }),
    event: EVENT,
    expected: false,
  },

  // equals-ignore-case
  {
    name: 'equals-ignore-case',
    pattern: { source: [{ 'equals-ignore-case': 'WhisperSYNC' }] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'equals-ignore-case is whole-value, not prefix',
    pattern: { source: [{ 'equals-ignore-case': 'WHISPER' }] },
    event: EVENT,
    expected: false,
  },
  {
    name: 'equals-ignore-case beyond ASCII',
    pattern: { name: [{ 'equals-ignore-case': 'élodie' }] },
    event: { name: 'ÉLODIE' },
    expected: true,
  },
  {
    name: 'equals-ignore-case folds the Greek final sigma',
    pattern: { word: [{ 'equals-ignore-case': 'ΟΔΟΣ' }] },
    event: { word: 'οδος' },
    expected: true,
  },
  {
    name: 'equals-ignore-case never matches a number',
    pattern: detail({ word_count: [{ 'equals-ignore-case': '180' }] }),
    event: EVENT,
    expected: false,
  },

  // anything-but
  {
    name: 'anything-but a string',
    pattern: detail({ sentiment: [{ 'anything-but': 'negative' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but the very string',
    pattern: detail({ sentiment: [{ 'anything-but': 'positive' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but a list of strings',
    pattern: detail({ sentiment: [{ 'anything-but': ['negative', 'neutral'] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but a list holding the value',
    pattern: detail({ sentiment: [{ 'anything-but': ['neutral', 'positive'] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but a number',
    pattern: detail({ word_count: [{ 'anything-but': 100 }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but the very number',
    pattern: detail({ word_count: [{ 'anything-but': 180 }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but a list of numbers compares numerically',
    pattern: json('{"n":[{"anything-but":[100, 1.8e2]}]}'),
    event: { n: 180 },
    expected: false,
  },
  {
    name: 'anything-but a number matches a string (choice)',
    pattern: detail({ sentiment: [{ 'anything-but': 5 }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but needs the field to be present',
    pattern: detail({ missing: [{ 'anything-but': 'x' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but on an array: one element is not excluded',
    pattern: detail({ tags: [{ 'anything-but': 'meeting' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but on an array: every element is excluded',
    pattern: detail({ tags: [{ 'anything-but': ['meeting', 'Project-X'] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but on an empty array',
    pattern: detail({ flags: [{ 'anything-but': 'x' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but a string matches null (choice)',
    pattern: detail({ nothing: [{ 'anything-but': 'x' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but prefix',
    pattern: detail({ memo_id: [{ 'anything-but': { prefix: 'm-2023' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but prefix, value has it',
    pattern: detail({ memo_id: [{ 'anything-but': { prefix: 'm-2024' } }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but prefix on a number (choice)',
    pattern: detail({ word_count: [{ 'anything-but': { prefix: '1' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but suffix, value has it',
    pattern: detail({ file: [{ 'anything-but': { suffix: '.PNG' } }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but suffix',
    pattern: detail({ file: [{ 'anything-but': { suffix: '.jpg' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but equals-ignore-case',
    pattern: { source: [{ 'anything-but': { 'equals-ignore-case': 'WHISPERSYNC' } }] },
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but equals-ignore-case list',
    pattern: { source: [{ 'anything-but': { 'equals-ignore-case': ['AWS.EC2', 'aws.s3'] } }] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but wildcard, value matches it',
    pattern: detail({ file: [{ 'anything-but': { wildcard: '*/Summary.*' } }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'anything-but wildcard',
    pattern: detail({ file: [{ 'anything-but': { wildcard: '*/lib/*' } }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'anything-but wildcard list',
    pattern: detail({ file: [{ 'anything-but': { wildcard: ['*.jpg', 'notes/*'] } }] }),
    event: EVENT,
    expected: false,
  },

  // numeric
  {
    name: 'numeric range',
    pattern: detail({ word_count: [{ numeric: ['>', 0, '<=', 200] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric < is exclusive',
    pattern: detail({ word_count: [{ numeric: ['<', 180] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'numeric <= is inclusive',
    pattern: detail({ word_count: [{ numeric: ['<=', 180] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric >= is inclusive',
    pattern: detail({ word_count: [{ numeric: ['>=', 180] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric > is exclusive',
    pattern: detail({ word_count: [{ numeric: ['>', 180] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'numeric =',
    pattern: detail({ word_count: [{ numeric: ['=', 180] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric = with 3.0',
    pattern: { n: [{ numeric: ['=', 3] }] },
    event: json('{"n":3.0}'),
    expected: true,
  },
  {
    name: 'numeric = with scientific notation',
    pattern: json('{"detail":{"word_count":[{"numeric":["=",1.8e2]}]}}'),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric with decimals',
    pattern: detail({ ratio: [{ numeric: ['>', 0.2, '<', 0.3] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric never matches a string',
    pattern: { n: [{ numeric: ['>', 0] }] },
    event: { n: '5' },
    expected: false,
  },
  {
    name: 'numeric on an array',
    pattern: detail({ numbers: [{ numeric: ['>', 9] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric with negatives',
    pattern: { t: [{ numeric: ['<', -30] }] },
    event: { t: -40 },
    expected: true,
  },
  {
    name: 'numeric ignores values beyond ±5e9 (documented limit)',
    pattern: { n: [{ numeric: ['>', 0] }] },
    event: { n: 6e9 },
    expected: false,
  },
  {
    name: 'numeric on a missing field',
    pattern: detail({ missing: [{ numeric: ['>', 0] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'numeric on null',
    pattern: detail({ nothing: [{ numeric: ['>', 0] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'numeric: only the number of a mixed array counts',
    pattern: detail({ mixed: [{ numeric: ['=', 7] }] }),
    event: { detail: { mixed: ['7'] } },
    expected: false,
  },

  // exists
  {
    name: 'exists true, present',
    pattern: detail({ sentiment: [{ exists: true }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists true, missing',
    pattern: detail({ missing: [{ exists: true }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists false, missing',
    pattern: detail({ missing: [{ exists: false }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false, present',
    pattern: detail({ sentiment: [{ exists: false }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists true on null: null is a value',
    pattern: detail({ nothing: [{ exists: true }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false on null',
    pattern: detail({ nothing: [{ exists: false }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists false on the empty string',
    pattern: detail({ empty: [{ exists: false }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists true on an empty array: no value (choice)',
    pattern: detail({ flags: [{ exists: true }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists false on an empty array (choice)',
    pattern: detail({ flags: [{ exists: false }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists true on an array of values',
    pattern: detail({ tags: [{ exists: true }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false on an object: only leaves exist',
    pattern: detail({ nested: [{ exists: false }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists true on an object',
    pattern: detail({ nested: [{ exists: true }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists false under a missing parent',
    pattern: detail({ nope: { inner: [{ exists: false }] } }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists true under a missing parent',
    pattern: detail({ nope: { inner: [{ exists: true }] } }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'exists false under an empty array of objects',
    pattern: { people: { email: [{ exists: false }] } },
    event: { people: [] },
    expected: true,
  },
  {
    name: 'an object pattern does not match an empty array',
    pattern: { people: { name: ['Ana'] } },
    event: { people: [] },
    expected: false,
  },
  {
    name: 'exists false OR a value: absent',
    pattern: detail({ mood: [{ exists: false }, 'calm'] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'exists false OR a value: present with another value',
    pattern: detail({ sentiment: [{ exists: false }, 'negative'] }),
    event: EVENT,
    expected: false,
  },

  // wildcard
  {
    name: 'wildcard',
    pattern: detail({ file: [{ wildcard: 'notes/*.PNG' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'wildcard, no match',
    pattern: detail({ file: [{ wildcard: 'docs/*' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'wildcard with several stars',
    pattern: detail({ file: [{ wildcard: '*o*/*y.*' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'a star also matches nothing',
    pattern: detail({ file: [{ wildcard: 'notes/*Summary.PNG' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'a wildcard without a star is exact',
    pattern: detail({ file: [{ wildcard: 'notes/Summary' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'wildcard is case-sensitive',
    pattern: detail({ file: [{ wildcard: '*.png' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'an escaped star is a literal star',
    pattern: detail({ star: [{ wildcard: 'a\\*b' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'an escaped star does not match other characters',
    pattern: { s: [{ wildcard: 'a\\*b' }] },
    event: { s: 'axb' },
    expected: false,
  },
  {
    name: 'an escaped backslash is a literal backslash',
    pattern: detail({ backslash: [{ wildcard: 'a\\\\b' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'wildcard never matches a number',
    pattern: detail({ word_count: [{ wildcard: '1*' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'wildcard on an array element',
    pattern: detail({ tags: [{ wildcard: 'Proj*-?' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'wildcard on an array element, matching',
    pattern: detail({ tags: [{ wildcard: 'Proj*-X' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'a lone star matches the empty string',
    pattern: detail({ empty: [{ wildcard: '*' }] }),
    event: EVENT,
    expected: true,
  },

  // cidr
  {
    name: 'IPv4 in block',
    pattern: detail({ source_ip: [{ cidr: '10.0.0.0/24' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'IPv4 outside block',
    pattern: detail({ source_ip: [{ cidr: '10.0.1.0/24' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'IPv4 /32',
    pattern: detail({ source_ip: [{ cidr: '10.0.0.33/32' }] }),
    event: EVENT,
    expected: true,
  },
  { name: 'IPv4 /0', pattern: detail({ source_ip: [{ cidr: '0.0.0.0/0' }] }), event: EVENT, expected: true },
  {
    name: 'IPv6 in block',
    pattern: detail({ client_ip: [{ cidr: '2001:db8::/32' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'IPv6 outside block',
    pattern: detail({ client_ip: [{ cidr: '2001:db9::/32' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'IPv6 /128 written in full',
    pattern: detail({ client_ip: [{ cidr: '2001:0DB8:0000:0000:0000:ff00:0042:8329/128' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'IPv6 prefix inside a group',
    pattern: detail({ client_ip: [{ cidr: '2001:db8::ff00:42:8300/120' }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'an IPv4 block never matches an IPv6 address',
    pattern: detail({ client_ip: [{ cidr: '0.0.0.0/0' }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'cidr on a string that is not an address',
    pattern: { source: [{ cidr: '10.0.0.0/8' }] },
    event: EVENT,
    expected: false,
  },

  // $or
  {
    name: '$or, first branch',
    pattern: { $or: [{ source: ['whispersync'] }, { source: ['aws.ec2'] }] },
    event: EVENT,
    expected: true,
  },
  {
    name: '$or, no branch',
    pattern: { $or: [{ source: ['a'] }, { source: ['b'] }] },
    event: EVENT,
    expected: false,
  },
  {
    name: '$or mixed with another field (both hold)',
    pattern: {
      source: ['whispersync'],
      $or: [{ detail: { agent_type: ['ideas'] } }, { detail: { sentiment: ['positive'] } }],
    },
    event: EVENT,
    expected: true,
  },
  {
    name: '$or mixed with another field (the field fails)',
    pattern: { source: ['aws.ec2'], $or: [{ detail: { sentiment: ['positive'] } }, { id: ['x'] }] },
    event: EVENT,
    expected: false,
  },
  {
    name: '$or inside a nested object',
    pattern: detail({ $or: [{ agent_type: ['ideas'] }, { user_id: ['user-42'] }] }),
    event: EVENT,
    expected: true,
  },
  {
    name: 'nested $or',
    pattern: {
      $or: [
        { source: ['x'] },
        { detail: { $or: [{ sentiment: ['negative'] }, { word_count: [{ numeric: ['>', 100] }] }] } },
      ],
    },
    event: EVENT,
    expected: true,
  },
  {
    name: 'parallel $or at two levels: both must hold',
    pattern: {
      $or: [{ source: ['whispersync'] }, { source: ['x'] }],
      detail: { $or: [{ sentiment: ['negative'] }, { agent_type: ['ideas'] }] },
    },
    event: EVENT,
    expected: false,
  },
  {
    name: '$or branches with exists',
    pattern: { $or: [{ detail: { missing: [{ exists: true }] } }, { detail: { nothing: [null] } }] },
    event: EVENT,
    expected: true,
  },

  // Alternatives of different kinds in one array
  {
    name: 'an exact value OR a prefix',
    pattern: { source: ['aws.ec2', { prefix: 'whisper' }] },
    event: EVENT,
    expected: true,
  },
  {
    name: 'numeric OR anything-but, neither holds',
    pattern: detail({ word_count: [{ numeric: ['<', 10] }, { 'anything-but': [180] }] }),
    event: EVENT,
    expected: false,
  },
  {
    name: 'the documented complex example',
    pattern: {
      time: [{ prefix: '2024-05-06' }],
      detail: {
        sentiment: [{ 'anything-but': 'initializing' }],
        word_count: [{ numeric: ['>', 0, '<=', 500] }],
        ratio: [{ numeric: ['<', 10] }],
        numbers: [{ 'anything-but': [100, 200, 300] }],
        source_ip: [{ cidr: '10.0.0.0/8' }],
      },
    },
    event: EVENT,
    expected: true,
  },
];

interface InvalidCase {
  name: string;
  pattern: unknown;
  path: string;
  problem: string;
}

const invalid: InvalidCase[] = [
  { name: 'an array as the pattern', pattern: [], path: '', problem: 'must be a JSON object' },
  { name: 'null as the pattern', pattern: null, path: '', problem: 'must be a JSON object' },
  { name: 'the empty pattern', pattern: {}, path: '', problem: 'empty objects are not allowed' },
  {
    name: 'a bare value',
    pattern: { source: 'whispersync' },
    path: 'source',
    problem: 'must be an object or an array',
  },
  {
    name: 'a bare boolean',
    pattern: detail({ truthy: true }),
    path: 'detail.truthy',
    problem: 'must be an object or an array',
  },
  {
    name: 'an empty array',
    pattern: { source: [] },
    path: 'source',
    problem: 'empty arrays are not allowed',
  },
  {
    name: 'an empty object',
    pattern: { detail: {} },
    path: 'detail',
    problem: 'empty objects are not allowed',
  },
  { name: 'a nested array', pattern: { source: [['a']] }, path: 'source[0]', problem: 'arrays cannot nest' },
  {
    name: 'an operator outside an array',
    pattern: { source: { prefix: 'aws.' } },
    path: 'source',
    problem: 'operators go inside an array',
  },
  {
    name: 'two keys in one operator',
    pattern: { source: [{ prefix: 'a', suffix: 'b' }] },
    path: 'source[0]',
    problem: 'exactly one key, got 2 (prefix, suffix)',
  },
  {
    name: 'an empty operator',
    pattern: { source: [{}] },
    path: 'source[0]',
    problem: 'empty operator object',
  },
  {
    name: 'an unknown operator',
    pattern: { source: [{ contains: 'a' }] },
    path: 'source[0]',
    problem: 'unknown operator "contains"',
  },
  {
    name: 'a numeric prefix',
    pattern: { source: [{ prefix: 5 }] },
    path: 'source[0].prefix',
    problem: 'must be a string',
  },
  {
    name: 'prefix equals-ignore-case of a number',
    pattern: { source: [{ prefix: { 'equals-ignore-case': 1 } }] },
    path: 'source[0].prefix.equals-ignore-case',
    problem: 'must be a string',
  },
  {
    name: 'prefix with another inner operator',
    pattern: { source: [{ suffix: { wildcard: '*' } }] },
    path: 'source[0].suffix',
    problem: 'must be a string or {"equals-ignore-case"',
  },
  {
    name: 'equals-ignore-case of a list',
    pattern: { source: [{ 'equals-ignore-case': ['a'] }] },
    path: 'source[0].equals-ignore-case',
    problem: 'must be a string',
  },
  {
    name: 'an unknown comparison',
    pattern: detail({ sentiment: [{ numeric: ['=>', 3] }] }),
    path: 'detail.sentiment[0].numeric[0]',
    problem: 'expected a comparison',
  },
  {
    name: 'numeric not an array',
    pattern: { n: [{ numeric: 5 }] },
    path: 'n[0].numeric',
    problem: 'expected ["=", n]',
  },
  {
    name: 'numeric of three terms',
    pattern: { n: [{ numeric: ['>', 0, '<'] }] },
    path: 'n[0].numeric',
    problem: 'expected ["=", n]',
  },
  {
    name: 'numeric of a string',
    pattern: { n: [{ numeric: ['>', '5'] }] },
    path: 'n[0].numeric[1]',
    problem: 'expected a number',
  },
  {
    name: 'a range that starts with <',
    pattern: { n: [{ numeric: ['<', 5, '>', 0] }] },
    path: 'n[0].numeric[0]',
    problem: 'a range must start with ">" or ">="',
  },
  {
    name: 'a range with = in it',
    pattern: { n: [{ numeric: ['>', 0, '=', 5] }] },
    path: 'n[0].numeric[2]',
    problem: 'a range must end with "<" or "<="',
  },
  {
    name: 'an upside-down range',
    pattern: { n: [{ numeric: ['>', 5, '<', 1] }] },
    path: 'n[0].numeric',
    problem: 'lower bound 5 must be less than the upper bound 1',
  },
  {
    name: 'a number beyond 5e9',
    pattern: { n: [{ numeric: ['>', 6e9] }] },
    path: 'n[0].numeric[1]',
    problem: 'outside the numeric range',
  },
  {
    name: 'exists of a string',
    pattern: { n: [{ exists: 'true' }] },
    path: 'n[0].exists',
    problem: 'must be true or false',
  },
  {
    name: 'a /33 IPv4 block',
    pattern: { ip: [{ cidr: '10.0.0.0/33' }] },
    path: 'ip[0].cidr',
    problem: 'not a CIDR block',
  },
  {
    name: 'an address without prefix length',
    pattern: { ip: [{ cidr: '10.0.0.1' }] },
    path: 'ip[0].cidr',
    problem: 'not a CIDR block',
  },
  {
    name: 'a malformed IPv6 block',
    pattern: { ip: [{ cidr: '2001:db8:::/32' }] },
    path: 'ip[0].cidr',
    problem: 'not a CIDR block',
  },
  {
    name: 'an IPv4 octet over 255',
    pattern: { ip: [{ cidr: '10.0.256.0/24' }] },
    path: 'ip[0].cidr',
    problem: 'not a CIDR block',
  },
  {
    name: 'anything-but of mixed types',
    pattern: { s: [{ 'anything-but': ['a', 1] }] },
    path: 's[0].anything-but',
    problem: 'only strings or only numbers',
  },
  {
    name: 'anything-but null',
    pattern: { s: [{ 'anything-but': null }] },
    path: 's[0].anything-but',
    problem: 'must be a string, a number',
  },
  {
    name: 'anything-but booleans',
    pattern: { s: [{ 'anything-but': [true] }] },
    path: 's[0].anything-but',
    problem: 'only strings or only numbers',
  },
  {
    name: 'anything-but of nothing',
    pattern: { s: [{ 'anything-but': [] }] },
    path: 's[0].anything-but',
    problem: 'empty arrays',
  },
  {
    name: 'anything-but numeric',
    pattern: { s: [{ 'anything-but': { numeric: ['>', 1] } }] },
    path: 's[0].anything-but',
    problem: 'exactly one of prefix, suffix, equals-ignore-case or wildcard',
  },
  {
    name: 'anything-but an empty prefix',
    pattern: { s: [{ 'anything-but': { prefix: '' } }] },
    path: 's[0].anything-but.prefix',
    problem: 'empty prefix',
  },
  {
    name: 'anything-but a number beyond 5e9',
    pattern: { s: [{ 'anything-but': [1, 6e9] }] },
    path: 's[0].anything-but[1]',
    problem: 'outside the numeric range',
  },
  {
    name: 'consecutive stars',
    pattern: { f: [{ wildcard: 'a**b' }] },
    path: 'f[0].wildcard',
    problem: 'consecutive wildcard characters',
  },
  {
    name: 'a backslash escaping a letter',
    pattern: { f: [{ wildcard: 'a\\b' }] },
    path: 'f[0].wildcard',
    problem: 'a backslash may only escape',
  },
  {
    name: 'a bad wildcard in an anything-but list',
    pattern: { f: [{ 'anything-but': { wildcard: ['*.png', '**'] } }] },
    path: 'f[0].anything-but.wildcard[1]',
    problem: 'consecutive wildcard characters',
  },
  { name: '$or of an object', pattern: { $or: { a: ['x'] } }, path: '$or', problem: '$or must be an array' },
  {
    name: '$or of one branch',
    pattern: { $or: [{ a: ['x'] }] },
    path: '$or',
    problem: 'at least 2 patterns',
  },
  {
    name: '$or of a value',
    pattern: { $or: [{ a: ['x'] }, 'b'] },
    path: '$or[1]',
    problem: 'must be a pattern object',
  },
  {
    name: '$or with an empty branch',
    pattern: detail({ $or: [{}, { a: ['x'] }] }),
    path: 'detail.$or[0]',
    problem: 'empty objects',
  },
  {
    name: 'an operator name as a field inside $or',
    pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
    path: '$or[0].numeric',
    problem: 'is an operator name',
  },
];

describe('EventBridge pattern matching', () => {
  it('has a case for every operator and edge case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(90);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', ({ pattern, event, expected }) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('compiled as one rule set, each rule gives the same answers', () => {
    const rules = cases.map((c, i) => ({ name: `${i}`, pattern: c.pattern }));
    const events = [...new Set(cases.map((c) => c.event))];
    const matcher = compileRules(rules);
    for (const event of events) {
      const expected = cases.flatMap((c, i) => (matchesPattern(c.pattern, event) ? [`${i}`] : []));
      expect(matcher.matchingRules(event)).toEqual(expected);
    }
  });
});

describe('EventBridge pattern validation', () => {
  it('has a case for every rule', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(15);
  });

  it.each(invalid)('rejects $name', ({ pattern, path, problem }) => {
    let thrown: unknown;
    try {
      validatePattern(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPatternError);
    const error = thrown as InvalidPatternError;
    expect(error.path).toBe(path);
    expect(error.problem).toContain(problem);
    expect(error.message).toContain(
      path === '' ? 'invalid event pattern:' : `invalid event pattern at ${path}:`,
    );
  });

  it('accepts every pattern of the matching table', () => {
    for (const { pattern } of cases) expect(() => validatePattern(pattern)).not.toThrow();
  });

  it('names the rule a problem was found in', () => {
    expect(() =>
      compileRules([
        { name: 'fine', pattern: { source: ['x'] } },
        { name: 'broken', pattern: { detail: { n: [{ numeric: ['>', 'five'] }] } } },
      ]),
    ).toThrow(/^rule "broken": invalid event pattern at detail\.n\[0\]\.numeric\[1\]: expected a number/);
  });
});
