import { logger as vegaLogger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A Vega-Lite spec drawn to an SVG string, headless: Vega-Lite compiles it
 * to a Vega spec, and a Vega View with no renderer runs the dataflow and
 * serialises its scenegraph (`View#toSVG`), which needs no DOM and no
 * canvas (text widths are estimated). Vega escapes every text and attribute
 * it writes, so data values are text in the SVG.
 *
 * Warnings go to `warnings` instead of the console: a command's stderr is
 * for its own messages (the tests assert the specs draw without any).
 */
export async function renderChart(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const logger = vegaLogger(Warn, 'warn', (_method, _level, args) => {
    const message = args.map(String).join(' ');
    // A panel whose filtered layer is empty (no flagged point) has no extent of its own; its scale takes the other layers'.
    if (!/^Infinite extent for field "[^"]*": \[Infinity, -Infinity\]$/.test(message)) warnings.push(message);
  });
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Coordinates to one decimal (a tenth of a pixel): Vega writes them with up
 * to fifteen digits, which made up half of a chart's bytes. Only path data
 * and transforms are touched, never text.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/ (d|transform)="([^"]*)"/g, (_all, attr: string, value: string) => ` ${attr}="${value.replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}
