// The index of the review pages: sort the articles by any column, from its
// heading's button or from the select (narrow screens show no headings).
(() => {
  const table = document.querySelector('table.index');
  const tbody = table.tBodies[0];
  const original = [...tbody.rows];
  const select = document.getElementById('sort');
  const numeric = new Set(['figures', 'checks', 'mismatches', 'partial', 'conflicts']);
  function sortBy(key, dir) {
    let rows = original.slice();
    if (key) {
      rows.sort((a, b) => {
        const x = a.dataset[key] || '', y = b.dataset[key] || '';
        const c = numeric.has(key) ? Number(x) - Number(y) : x.localeCompare(y, 'vi');
        return dir * c;
      });
    }
    tbody.append(...rows);
    table.querySelectorAll('th[data-key]').forEach(th => {
      th.setAttribute('aria-sort', th.dataset.key === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    select.value = key ? `${key}:${dir}` : '';
  }
  table.querySelectorAll('th[data-key] button').forEach(button => {
    button.addEventListener('click', () => {
      const th = button.closest('th');
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      sortBy(th.dataset.key, dir);
    });
  });
  select.addEventListener('change', () => {
    const [key, dir] = select.value.split(':');
    sortBy(key, Number(dir) || 1);
  });
  select.closest('label').hidden = false;
})();
