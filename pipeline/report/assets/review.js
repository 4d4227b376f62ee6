// An article's review page: select a figure (click, tap, Tab, Enter) to see
// its details and the words tied to it (qualifier, plan, stated percentage)
// and the figures of its checks; filter the figures. Everything works on the
// page itself: nothing is fetched.
(() => {
  const pop = document.getElementById('pop');
  const body = pop.querySelector('.body');
  const marks = [...document.querySelectorAll('mark.fig')];
  const rows = [...document.querySelectorAll('tr.fig-row')];
  const markOf = i => document.querySelector(`mark.fig[data-fig="${i}"]`);
  const rowOf = i => document.querySelector(`tr.fig-row[data-fig="${i}"]`);
  const narrow = matchMedia('(max-width: 700px)');
  let current = null;
  let refocusing = false;

  marks.forEach(m => m.removeAttribute('title'));  // the details below say more than the tooltip

  function clear() {
    document.querySelectorAll('.on, .linked').forEach(e => e.classList.remove('on', 'linked'));
  }

  function select(i, anchor) {
    clear();
    const mark = markOf(i);
    [mark, rowOf(i)].forEach(e => e && e.classList.add('on'));
    document.querySelectorAll(`.rel[data-of~="${i}"]`).forEach(e => e.classList.add('on'));
    (mark.dataset.with || '').split(' ').filter(Boolean).forEach(j => {
      [markOf(j), rowOf(j)].forEach(e => e && e.classList.add('linked'));
    });
    body.replaceChildren(document.getElementById('d' + i).content.cloneNode(true));
    pop.hidden = false;
    place(anchor || mark);
    current = i;
  }

  function place(anchor) {
    pop.classList.toggle('sheet', narrow.matches);
    if (narrow.matches) {  // a sheet at the bottom: keep the figure in sight above it
      pop.style.left = pop.style.top = '';
      const r = anchor.getBoundingClientRect(), free = window.innerHeight - pop.offsetHeight;
      if (r.bottom > free - 8 || r.top < 0) window.scrollBy(0, r.top - Math.max(8, (free - r.height) / 2));
      return;
    }
    const r = anchor.getBoundingClientRect();
    const width = pop.offsetWidth, height = pop.offsetHeight;
    const room = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(r.left, room - width - 8));
    let top = r.bottom + 6;
    if (top + height > window.innerHeight && r.top - height - 6 > 0) top = r.top - height - 6;
    pop.style.left = (window.scrollX + left) + 'px';
    pop.style.top = (window.scrollY + top) + 'px';
  }

  function close() {
    if (pop.hidden) return;
    pop.hidden = true;
    clear();
    if (current !== null) { refocusing = true; markOf(current).focus(); refocusing = false; }
    current = null;
  }

  marks.forEach(m => {
    m.addEventListener('click', e => { e.preventDefault(); select(m.dataset.fig, m); });
    m.addEventListener('focus', () => { if (!refocusing) select(m.dataset.fig, m); });
    m.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(m.dataset.fig, m); }
    });
  });
  // a qualifier, plan or percentage leads to its figure
  document.querySelectorAll('.rel').forEach(s => {
    const first = s.dataset.of.split(' ')[0];
    s.addEventListener('mouseenter', () => markOf(first).classList.add('on'));
    s.addEventListener('mouseleave', () => { if (current !== first) markOf(first).classList.remove('on'); });
    s.addEventListener('click', e => { e.preventDefault(); select(first, s); });
    s.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); select(first, s); } });
  });
  // links to a figure (the table's numbers, the checks, part of, repeats) select it in the text
  document.addEventListener('click', e => {
    const link = e.target.closest('a[data-fig]');
    if (link) {
      e.preventDefault();
      const mark = markOf(link.dataset.fig);
      mark.scrollIntoView({block: 'center'});
      select(link.dataset.fig, mark);
    }
  });
  // a press outside the details and the figures closes them (a press: the
  // page may scroll between the press and its click, as the details open)
  document.addEventListener('pointerdown', e => {
    if (!pop.contains(e.target) && !e.target.closest('mark.fig, .rel, a[data-fig]')) close();
  });
  pop.querySelector('.close').addEventListener('click', close);
  document.addEventListener('keydown', e => { if (e.key === 'Escape') close(); });
  window.addEventListener('resize', () => { if (current !== null) place(markOf(current)); });

  // filters: status, indicator, where indicator and period came from, words
  const form = document.getElementById('filters');
  const count = form.querySelector('.count');
  const fold = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
  function apply() {
    const want = {status: form.status.value, indicator: form.indicator.value,
                  ifrom: form.ifrom.value, pfrom: form.pfrom.value};
    const words = fold(form.q.value.trim()).split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach(row => {
      const d = row.dataset;
      const ok = (!want.status || d.status.split(' ').includes(want.status))
        && (!want.indicator || d.indicator === want.indicator)
        && (!want.ifrom || d.ifrom === want.ifrom)
        && (!want.pfrom || d.pfrom === want.pfrom)
        && words.every(w => d.search.includes(w));
      row.hidden = !ok;
      markOf(d.fig).classList.toggle('dim', !ok);
      if (ok) shown++;
    });
    count.textContent = count.dataset.template.replace('{shown}', shown).replace('{total}', rows.length);
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', e => e.preventDefault());
  form.hidden = false;
  apply();
})();
