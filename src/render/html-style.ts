/** Theme of the HTML report: follow the reader's system setting, or force one. */
export type HtmlTheme = 'light' | 'dark' | 'auto';

const LIGHT_VARS = `--bg:#ffffff;--fg:#1f2328;--muted:#57606a;--card:#f6f8fa;--border:#d0d7de;
--pass:#1a7f37;--risk:#b35900;--fail:#cf222e;--none:#6e7781;--badge-fg:#ffffff;`;
const DARK_VARS = `--bg:#0d1117;--fg:#e6edf3;--muted:#9ea7b3;--card:#161b22;--border:#30363d;
--pass:#3fb950;--risk:#d29922;--fail:#f85149;--none:#8b949e;--badge-fg:#0d1117;`;

/**
 * The printed report (PDF): A4, small type, domain cards and charts two per row, and no
 * card, figure, table row or header split from its body across a page break.
 */
const PRINT_CSS = `@page{size:A4;margin:9mm 8mm}
@media print{
body{font-size:9.5pt;line-height:1.3}
main{max-width:none;padding:0}
h1{font-size:15pt;margin:0 0 2pt}
h2{font-size:11.5pt;margin:8pt 0 4pt;padding-bottom:1pt;break-after:avoid}
h3{font-size:10.5pt;margin:0 0 2pt;break-after:avoid}
.meta{margin:1pt 0}
.peak{font-size:11pt;margin:4pt 0}
.badge.big{font-size:11pt;padding:2pt 8pt}
.card{padding:5pt 7pt;margin:0;border-radius:4pt}
header,.card,figure,tr,li,.table-wrap{break-inside:avoid}
.table-wrap{background:none}
th,td{padding:2pt 5pt}
ul.findings{padding-left:1.1em}
ul.findings li{margin:1pt 0}
.domain-grid,.chart-grid{display:grid;grid-template-columns:1fr 1fr;gap:5pt;align-items:start}
figure{margin:0}
figure img{border-radius:3pt}
figure figcaption{display:none}
footer{margin-top:6pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

/**
 * Inline stylesheet of the report: CSS variables per theme, a single readable column
 * capped in width, tables that scroll sideways on a phone instead of squeezing.
 */
export function reportCss(theme: HtmlTheme): string {
  const vars =
    theme === 'dark'
      ? `:root{${DARK_VARS}color-scheme:dark}`
      : theme === 'light'
        ? `:root{${LIGHT_VARS}color-scheme:light}`
        : `:root{${LIGHT_VARS}color-scheme:light dark}
@media (prefers-color-scheme: dark){:root{${DARK_VARS}}}`;
  return `${vars}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;margin:.2em 0 .4em;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:1.6em 0 .6em;border-bottom:1px solid var(--border);padding-bottom:.2em}
h3{font-size:1.1rem;margin:0 0 .4em;display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
.meta{color:var(--muted);margin:.2em 0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.15em .6em;border-radius:999px;font-weight:700;color:var(--badge-fg);background:var(--none);font-size:.9rem;letter-spacing:.02em}
.badge.big{font-size:1.2rem;padding:.3em .9em}
.pass,.ok{background:var(--pass)}.risk{background:var(--risk)}.fail{background:var(--fail)}.insufficient_data,.no_data{background:var(--none)}.partial{background:var(--risk)}
.peak{font-size:1.2rem;margin:.8em 0}
.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:12px 14px;margin:12px 0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;--cover:var(--bg);
background:linear-gradient(to right,var(--cover) 40%,transparent) left/32px 100% no-repeat local,
linear-gradient(to left,var(--cover) 40%,transparent) right/32px 100% no-repeat local,
radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.22),transparent) left/12px 100% no-repeat scroll,
radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.22),transparent) right/12px 100% no-repeat scroll}
.card .table-wrap{--cover:var(--card)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--border);padding:6px 8px;text-align:left;white-space:nowrap}
td.text{white-space:normal;overflow-wrap:anywhere}
th{color:var(--muted);font-weight:600}
.yes{color:var(--pass);font-weight:600}.no{color:var(--fail);font-weight:600}.unknown{color:var(--muted)}
ul.findings{margin:.4em 0 0;padding-left:1.2em}
ul.findings li{margin:.3em 0;overflow-wrap:anywhere}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem}
.sev-critical,.sev-high{color:var(--fail)}.sev-medium{color:var(--risk)}.sev-low{color:var(--muted)}
figure{margin:16px 0}
figure img{display:block;width:100%;height:auto;border:1px solid var(--border);border-radius:8px}
figcaption{color:var(--muted);font-size:.9rem;margin-top:4px}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;overflow-wrap:anywhere;white-space:normal}
.warnings li{color:var(--risk);overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.85rem;margin-top:2em}
@media (max-width:640px){th,td{padding:5px 5px}table{font-size:.88rem}}
${PRINT_CSS}`;
}
