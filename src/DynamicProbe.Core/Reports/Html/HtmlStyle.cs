namespace DynamicProbe.Core.Reports.Html;

/// <summary>The report's only style sheet, inline (the page loads nothing): readable on screen, plain on paper.</summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
          --clean: #1a7f37; --findings: #cf222e; --inconclusive: #9a6700; --error: #8250df; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1200px; padding: 24px 32px 48px; color: var(--ink);
          font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 0; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
        h3 { font-size: 15px; margin: 20px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h4 { font-size: 13px; margin: 12px 0 6px; color: var(--muted); }
        code, .mono { font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: break-word; }
        .muted { color: var(--muted); }
        .summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0 24px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; background: var(--soft); }
        .card b { display: block; font-size: 22px; }
        .card.exit-0 b { color: var(--clean); } .card.exit-1 b { color: var(--findings); }
        .card.exit-2 b { color: var(--error); } .card.exit-3 b { color: var(--inconclusive); }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        th { background: var(--soft); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        a { color: #0969da; text-decoration: none; }
        .verdict { display: inline-block; padding: 1px 10px; border-radius: 999px; color: #fff; font-size: 12px; font-weight: 600; }
        .verdict.clean { background: var(--clean); } .verdict.findings { background: var(--findings); }
        .verdict.inconclusive { background: var(--inconclusive); } .verdict.error { background: var(--error); }
        .scenario { border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 24px 0; }
        .file { margin: 2px 0 0; }
        .problems li { color: var(--error); }
        .finding { border-left: 4px solid var(--line); padding: 6px 0 6px 12px; margin: 10px 0; }
        .finding.critical { border-color: #82071e; } .finding.high { border-color: var(--findings); }
        .finding.medium { border-color: #bc4c00; } .finding.low { border-color: var(--inconclusive); } .finding.info { border-color: var(--muted); }
        .finding .head { display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; }
        .sev { font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 0 6px; border-radius: 4px; background: var(--soft); border: 1px solid var(--line); }
        .fails { color: var(--findings); font-weight: 600; font-size: 12px; }
        .evidence { margin: 6px 0 0; padding-left: 22px; }
        .evidence li { margin: 2px 0; }
        .repeats { color: var(--muted); font-size: 12px; }
        .silenced { color: var(--muted); }
        .step-failed { color: var(--findings); font-weight: 600; }
        .tree, .tree ul { list-style: none; margin: 0; padding-left: 18px; }
        .tree { padding-left: 0; }
        .tree li { position: relative; padding: 2px 0 2px 14px; border-left: 1px solid var(--line); }
        .tree li::before { content: ""; position: absolute; left: 0; top: 12px; width: 10px; border-top: 1px solid var(--line); }
        .pid { font-weight: 600; }
        .network td { font-size: 12.5px; }
        .network td:nth-child(2) { white-space: nowrap; }
        .network td.mono, .timeline td.mono, .timeline td:first-child code { white-space: nowrap; }
        .omitted { color: var(--inconclusive); font-style: italic; }
        footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11px; }
          .scenario { break-inside: auto; border: none; padding: 0; border-top: 2px solid var(--ink); border-radius: 0; }
          .finding, tr, .tree li { break-inside: avoid; }
          .verdict { color: var(--ink); border: 1px solid var(--ink); background: none !important; }
          a { color: inherit; }
        }
        """;
}
