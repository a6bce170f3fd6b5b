// Runs list: rename in place and delete after an in-page confirmation (edit links only).
(() => {
  const LL = window.LoadLens;
  const { fmt, status } = LL;

  document.addEventListener('DOMContentLoaded', () => {
    const S = LL.strings();
    const table = document.querySelector('table.runs');
    if (!table) return;
    const url = (row) => `/api/runs/${encodeURIComponent(row.dataset.runId)}`;

    const toggleRename = (row, open) => {
      row.querySelector('.rename-form').hidden = !open;
      row.querySelector('.run-link').hidden = open;
      if (open) row.querySelector('.rename-form input').focus();
    };
    const toggleConfirm = (row, open) => {
      row.querySelector('.confirm').hidden = !open;
      row.querySelector('button.delete').hidden = open;
      if (open) row.querySelector('.confirm-delete').focus();
    };

    table.addEventListener('click', async (e) => {
      const button = e.target.closest('button');
      const row = button?.closest('tr[data-run-id]');
      if (!row) return;
      const note = row.querySelector('.actions .status');
      if (button.classList.contains('rename')) toggleRename(row, true);
      else if (button.classList.contains('cancel') && button.closest('.rename-form'))
        toggleRename(row, false);
      else if (button.classList.contains('delete')) toggleConfirm(row, true);
      else if (button.classList.contains('cancel')) toggleConfirm(row, false);
      else if (button.classList.contains('confirm-delete')) {
        button.disabled = true;
        try {
          await LL.api('DELETE', url(row), { confirm: row.dataset.runId });
          row.classList.add('deleted');
          for (const b of row.querySelectorAll('button')) b.disabled = true;
          row.querySelector('.confirm').hidden = true;
          status(note, S.deleted);
        } catch (err) {
          status(note, fmt(S.failed, { message: err.message }), true);
          button.disabled = false;
        }
      }
    });

    table.addEventListener('submit', async (e) => {
      const form = e.target.closest('.rename-form');
      const row = form?.closest('tr[data-run-id]');
      if (!row) return;
      e.preventDefault();
      const note = row.querySelector('.actions .status');
      const name = form.querySelector('input[name="name"]').value.trim();
      if (!name) return;
      status(note, S.saving);
      try {
        const r = await LL.api('PUT', url(row), { name });
        row.querySelector('.run-link').textContent = r.name;
        row.querySelector('.confirm-text').textContent = fmt(S.confirmDelete, { name: r.name });
        toggleRename(row, false);
        status(note, S.renamed);
      } catch (err) {
        status(note, fmt(S.failed, { message: err.message }), true);
      }
    });
  });
})();
