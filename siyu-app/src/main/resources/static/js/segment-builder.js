// The segment builder: edits the JSON form of a condition (the same structure the API stores) and asks the server
// for the count, sample and text form after every change (htmx, event "builder-changed" on #expression).
(function () {
  const host = document.getElementById('builder');
  const hidden = document.getElementById('expression');
  if (!host || !hidden) return;
  const vocab = JSON.parse(host.dataset.vocabulary || '{}');
  const L = JSON.parse(host.dataset.labels || '{}');
  const OPS = ['>=', '>', '<=', '<', '='];
  const TYPES = {
    tags: () => ({ tags: 'any', ids: vocab.tags.length ? [vocab.tags[0].id] : [] }),
    gender: () => ({ gender: [2] }),
    stage: () => ({ stage: ['NEW'] }),
    channel: () => ({ channel: ['state'] }),
    addedWithin: () => ({ addedWithin: 30 }),
    added: () => ({ added: '>=', date: new Date().toISOString().slice(0, 10) }),
    unit: () => ({ unit: vocab.units.length ? [vocab.units[0].id] : [] }),
    field: () => fieldDefault(vocab.fields[0]),
    count: () => ({ count: 'order_paid', op: '>=', value: 1, days: 30 }),
    sum: () => ({ sum: 'order_paid', op: '>=', value: 50000, days: 365 }),
    rfm: () => ({ rfm: 'r', op: '>=', score: 4 }),
    segment: () => ({ segment: vocab.segments.length ? vocab.segments[0].id : 0 }),
  };
  let root;
  try { root = JSON.parse(hidden.value || '{"and":[]}'); } catch (e) { root = { and: [] }; }
  if (!root.and && !root.or) root = { and: [root] };

  function fieldDefault(f) {
    if (!f) return { field: 0, in: ['?'] };
    if (f.type === 'NUMBER') return { field: f.id, op: '>=', value: '0' };
    if (f.type === 'DATE') return { field: f.id, op: '>=', value: new Date().toISOString().slice(0, 10) };
    return { field: f.id, in: [f.options[0] || '?'] };
  }
  function typeOf(n) { return Object.keys(TYPES).find(k => k in n) || (('and' in n || 'or' in n) ? 'group' : 'tags'); }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (k === 'on') Object.entries(v).forEach(([ev, f]) => e.addEventListener(ev, f)); else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v); });
    kids.flat().forEach(k => e.append(k instanceof Node ? k : document.createTextNode(String(k))));
    return e;
  }
  function select(options, value, onChange, multiple) {
    const s = el('select', multiple ? { multiple: true, size: Math.min(6, Math.max(2, options.length)) } : {});
    options.forEach(([v, label]) => {
      const o = el('option', { value: v }, label);
      if (multiple ? value.map(String).includes(String(v)) : String(v) === String(value)) o.selected = true;
      s.append(o);
    });
    s.addEventListener('change', () => onChange(multiple ? [...s.selectedOptions].map(o => o.value) : s.value));
    return s;
  }
  function input(value, onChange, type) {
    const i = el('input', { type: type || 'text', value: value ?? '' });
    i.addEventListener('change', () => onChange(i.value));
    return i;
  }
  const nums = a => a.map(Number);
  function leafEditor(n, set) {
    const t = typeOf(n);
    const upd = (k, v) => { n[k] = v; changed(); };
    switch (t) {
      case 'tags': return [select([['any', 'any'], ['all', 'all'], ['none', 'none']], n.tags, v => upd('tags', v)),
        select(vocab.tags.map(x => [x.id, x.group + ' / ' + x.name]), n.ids, v => upd('ids', nums(v)), true)];
      case 'gender': return [select([[1, '♂'], [2, '♀'], [0, '?']], n.gender, v => upd('gender', nums(v)), true)];
      case 'stage': return [select(['NEW', 'ENGAGED', 'FIRST_PURCHASE', 'REPEAT', 'LOYAL', 'DORMANT', 'LOST'].map(s => [s, s]), n.stage, v => upd('stage', v), true)];
      case 'channel': return [input(n.channel.join(','), v => upd('channel', v.split(',').map(s => s.trim()).filter(Boolean)))];
      case 'addedWithin': return [input(n.addedWithin, v => upd('addedWithin', Number(v)), 'number'), ' d'];
      case 'added': return [select(OPS.map(o => [o, o]), n.added, v => upd('added', v)), input(n.date, v => upd('date', v), 'date')];
      case 'unit': return [select(vocab.units.map(u => [u.id, '\u3000'.repeat(u.depth) + u.name]), n.unit, v => upd('unit', nums(v)), true)];
      case 'field': {
        const f = vocab.fields.find(x => x.id === n.field);
        const pick = select(vocab.fields.map(x => [x.id, x.label]), n.field, v => { set(fieldDefault(vocab.fields.find(x => x.id === Number(v)))); });
        if (!f) return [pick];
        if (f.type === 'NUMBER' || f.type === 'DATE') return [pick, select(OPS.map(o => [o, o]), n.op, v => upd('op', v)), input(n.value, v => upd('value', v), f.type === 'DATE' ? 'date' : 'text')];
        if (f.options.length) return [pick, select(f.options.map(o => [o, o]), n.in, v => upd('in', v), true)];
        return [pick, input((n.in || []).join(','), v => upd('in', v.split(',').map(s => s.trim()).filter(Boolean)))];
      }
      case 'count': case 'sum': return [input(n[t], v => upd(t, v)), input(n.ref || '', v => { if (v) n.ref = v; else delete n.ref; changed(); }),
        select(OPS.map(o => [o, o]), n.op, v => upd('op', v)), input(n.value, v => upd('value', Number(v)), 'number'),
        ' / ', input(n.days, v => upd('days', Number(v)), 'number'), ' d'];
      case 'rfm': return [select([['r', 'R'], ['f', 'F'], ['m', 'M']], n.rfm, v => upd('rfm', v)), select(OPS.map(o => [o, o]), n.op, v => upd('op', v)),
        input(n.score, v => upd('score', Number(v)), 'number')];
      case 'segment': return [select(vocab.segments.map(s => [s.id, s.name]), n.segment, v => upd('segment', Number(v)))];
    }
    return [];
  }
  function node(n, set, remove) {
    const negated = 'not' in n;
    const inner = negated ? n.not : n;
    const setInner = v => { if (negated) n.not = v; else set(v); changed(); };
    const not = el('label', { class: 'seg-not' }, el('input', { type: 'checkbox', checked: negated || null, on: { change: e => { set(e.target.checked ? { not: inner } : inner); changed(); } } }), L.not || 'not');
    const del = el('button', { type: 'button', class: 'link seg-remove', on: { click: () => { remove(); changed(); } } }, L.remove || '×');
    if ('and' in inner || 'or' in inner) return group(inner, setInner, [not, del]);
    const t = typeOf(inner);
    const kind = select(Object.keys(TYPES).map(k => [k, k]), t, v => setInner(TYPES[v]()));
    return el('div', { class: 'seg-leaf', 'data-type': t }, not, kind, leafEditor(inner, setInner), del);
  }
  function group(g, set, extra) {
    const op = 'and' in g ? 'and' : 'or';
    const items = g[op];
    const box = el('div', { class: 'seg-group' });
    const head = el('div', { class: 'seg-head' },
      select([['and', L.and || 'and'], ['or', L.or || 'or']], op, v => { const copy = { [v]: items }; set(copy); changed(); }), extra || []);
    box.append(head);
    items.forEach((item, i) => box.append(node(item, v => { items[i] = v; }, () => items.splice(i, 1))));
    box.append(el('div', { class: 'seg-actions' },
      el('button', { type: 'button', class: 'seg-add', on: { click: () => { items.push(TYPES.tags()); changed(); } } }, L.add || '+'),
      el('button', { type: 'button', class: 'seg-add-group', on: { click: () => { items.push({ or: [TYPES.tags()] }); changed(); } } }, L.group || '+ ()')));
    return box;
  }
  function render() { host.replaceChildren(group(root, v => { root = v; })); }
  function changed() {
    render();
    hidden.value = JSON.stringify(root);
    htmx.trigger(hidden, 'builder-changed');
  }
  document.getElementById('apply-text')?.addEventListener('click', async () => {
    const err = document.getElementById('text-error');
    const body = new URLSearchParams({ text: document.getElementById('text-form').value });
    const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
    const r = await fetch('/console/segments/parse', { method: 'POST', body, headers });
    const json = await r.json();
    if (!r.ok) { err.textContent = json.error; err.hidden = false; return; }
    err.hidden = true;
    root = ('and' in json || 'or' in json) ? json : { and: [json] };
    changed();
  });
  document.addEventListener('htmx:afterSwap', e => {
    if (e.target.id !== 'preview') return;
    const text = document.getElementById('preview-text');
    const area = document.getElementById('text-form');
    if (text && area && document.activeElement !== area) area.value = text.textContent;
  });
  window.addEventListener('load', () => { render(); htmx.trigger(hidden, 'builder-changed'); });
})();
