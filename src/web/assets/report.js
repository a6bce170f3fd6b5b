// Report page: the engineer summary editor and history, and the agree/disagree votes.
// User text is only ever set with textContent; the one innerHTML is the server's Markdown
// rendering, which is the sanitiser's output.
(() => {
  const LL = window.LoadLens;
  const { el, fmt, status } = LL;

  document.addEventListener('DOMContentLoaded', () => {
    const body = document.body.dataset;
    const S = LL.strings();
    const base = `/api/runs/${encodeURIComponent(body.runId)}`;
    const user = body.user;

    // ---- engineer summary ---------------------------------------------------------
    const section = document.getElementById('summary');
    const form = document.getElementById('summary-form');
    const textarea = document.getElementById('summary-body');
    const formStatus = form?.querySelector('.status');
    const historyList = section?.querySelector('ol.history');

    const historyItem = (v) => {
      const li = el('li');
      li.dataset.version = String(v.version);
      const time = el('time', '', v.when);
      time.dateTime = v.createdAt;
      const show = el('button', 'ghost show', S.show);
      show.type = 'button';
      li.append(
        el('span', 'v', `v${v.version}`),
        ' · ',
        el('span', 'author', v.author),
        ' · ',
        time,
        ' ',
        show,
      );
      if (form) {
        const restore = el('button', 'ghost restore', S.restore);
        restore.type = 'button';
        li.append(restore);
      }
      const rendered = el('div', 'md body');
      rendered.hidden = true;
      rendered.innerHTML = v.html; // sanitised on the server (markdown.ts)
      li.append(rendered);
      return li;
    };

    const renderSummary = (versions) => {
      const latest = versions[versions.length - 1];
      const current = document.getElementById('summary-current');
      if (latest)
        current.innerHTML = latest.html; // sanitised on the server
      else current.replaceChildren(el('p', 'meta empty', S.summaryNone));
      document.getElementById('summary-meta').textContent = latest
        ? fmt(S.summaryMeta, { version: latest.version, author: latest.author, at: latest.when })
        : '';
      if (textarea && latest) textarea.value = latest.body;
      historyList?.replaceChildren(...[...versions].reverse().map(historyItem));
      const count = section?.querySelector('#summary-history .count');
      if (count) count.textContent = String(versions.length);
    };

    form?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      status(formStatus, S.saving);
      try {
        const r = await LL.api('POST', `${base}/summary`, { body: textarea.value });
        renderSummary(r.versions);
        status(formStatus, fmt(S.saved, { version: r.version }));
      } catch (err) {
        status(formStatus, fmt(S.failed, { message: err.message }), true);
      } finally {
        button.disabled = false;
      }
    });

    historyList?.addEventListener('click', async (e) => {
      const button = e.target.closest('button');
      const li = button?.closest('li[data-version]');
      if (!li) return;
      if (button.classList.contains('show')) {
        const rendered = li.querySelector('.body');
        rendered.hidden = !rendered.hidden;
        button.textContent = rendered.hidden ? S.show : S.hide;
        return;
      }
      if (button.classList.contains('restore')) {
        button.disabled = true;
        try {
          const r = await LL.api('POST', `${base}/summary/restore`, { version: Number(li.dataset.version) });
          renderSummary(r.versions);
          status(formStatus, fmt(S.restored, { version: r.version }));
        } catch (err) {
          status(formStatus, fmt(S.failed, { message: err.message }), true);
          button.disabled = false;
        }
      }
    });

    // ---- votes ------------------------------------------------------------------
    const renderVotes = (votes) => {
      for (const widget of document.querySelectorAll('.votes[data-target]')) {
        const mine = votes.filter((v) => v.target === widget.dataset.target);
        const up = mine.filter((v) => v.value === 1).length;
        widget.querySelector('.n-up').textContent = String(up);
        widget.querySelector('.n-down').textContent = String(mine.length - up);
        widget.querySelector('.vote-list').replaceChildren(
          ...mine.map((v) => {
            const li = el('li');
            const val = el('span', 'val');
            val.append(
              el('span', 'mark', v.value === 1 ? '✓' : '✗'),
              ' ',
              el('span', 'emoji', v.value === 1 ? '👍' : '👎'),
            );
            li.append(el('span', 'who', v.voter), ' ', val);
            if (v.comment) li.append(' ', el('span', 'comment', v.comment));
            return li;
          }),
        );
        const own = mine.find((v) => v.voter === user);
        for (const b of widget.querySelectorAll('.vote-btn')) {
          b.setAttribute('aria-pressed', String(Number(b.dataset.value) === own?.value));
        }
      }
    };

    document.addEventListener('click', async (e) => {
      const button = e.target.closest?.('.vote-btn');
      const widget = button?.closest('.votes[data-target]');
      if (!widget) return;
      const note = widget.querySelector('.status');
      const comment = widget.querySelector('.vote-comment')?.value ?? '';
      button.disabled = true;
      try {
        const r = await LL.api('POST', `${base}/votes`, {
          target: widget.dataset.target,
          value: Number(button.dataset.value),
          comment: comment.trim() || null,
        });
        renderVotes(r.votes);
        status(note, S.voteSaved);
      } catch (err) {
        status(note, fmt(S.failed, { message: err.message }), true);
      } finally {
        button.disabled = false;
      }
    });
  });
})();
