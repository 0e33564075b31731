// The page templates' escaping: vendor data (queue and agent names) never becomes markup, whichever
// shape it arrives in, and what is already SafeHtml is kept as it is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { html } from '../../src/dashboard/html.js';

describe('html', () => {
  test('escapes every interpolated string, in arrays too; keeps SafeHtml and numbers', () => {
    const name = `<img src=x onerror="alert('x')"> & co`;
    const out = html`<p title="${name}">${[name, [html`<b>${name}</b>`]]} ${42} ${-1.5}</p>`.value;
    const escaped = '&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62; &#38; co';
    assert.equal(out, `<p title="${escaped}">${escaped}<b>${escaped}</b> 42 -1.5</p>`);
  });

  test('leaves out null, undefined and false; writes true', () => {
    assert.equal(html`[${null}|${undefined}|${false}|${true}|${''}]`.value, '[|||true|]');
  });
});
