import { describe, expect, it } from 'vitest';
import { findControlCharacter } from './control-characters.js';

describe('control characters in request text (issue 9, item 5)', () => {
  it.each([
    ['plain Chinese', { title: '幸福村雨天污水倒灌' }, null],
    ['tab, newline, carriage return are text', { description: '第一行\n第二行\r\n\t缩进' }, null],
    ['NUL in a field', { title: 'a\u0000b' }, 'title'],
    ['escape sequence', { name: '\u001b[31m红' }, 'name'],
    ['DEL', { name: 'x\u007f' }, 'name'],
    ['C1 control', { name: 'x\u0085' }, 'name'],
    ['nested in an array', { items: [{ text: 'ok' }, { text: '\u0007' }] }, 'items[1].text'],
    ['in a key', { ['k\u0000']: 1 }, 'k\u0000'],
    ['a bare string', '\u0000', '(值)'],
    ['numbers, booleans, null', { a: 1, b: true, c: null }, null],
    ['emoji and rare characters', { name: '𠀀😀' }, null],
  ])('%s', (_label, value, expected) => {
    expect(findControlCharacter(value)).toBe(expected);
  });
});
