/** Colour theme of a chart image. */
export type ChartThemeName = 'light' | 'dark';

/** Every colour a chart needs; CSS colour strings. */
export interface ChartTheme {
  name: ChartThemeName;
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  /** Line colours in order of use; chosen to stay distinct for the common colour blindnesses. */
  palette: readonly string[];
  /** Reference lines such as pool or heap maximum. */
  limit: string;
  /** The folded "other" series. */
  other: string;
  /** Alternating background band of every second load step. */
  stepBand: string;
  stepLine: string;
  peakBand: string;
  peakText: string;
  drop: string;
}

const LIGHT: ChartTheme = {
  name: 'light',
  background: '#ffffff',
  text: '#1f2328',
  mutedText: '#57606a',
  grid: 'rgba(31, 35, 40, 0.12)',
  palette: ['#0b62d6', '#e07b00', '#1a9e50', '#a640c8', '#0f9aa8', '#c0392b'],
  limit: '#6e7781',
  other: '#8c959f',
  stepBand: 'rgba(31, 35, 40, 0.045)',
  stepLine: 'rgba(31, 35, 40, 0.30)',
  peakBand: 'rgba(26, 158, 80, 0.16)',
  peakText: '#116b36',
  drop: '#d0021b',
};

const DARK: ChartTheme = {
  name: 'dark',
  background: '#0d1117',
  text: '#e6edf3',
  mutedText: '#9ea7b3',
  grid: 'rgba(230, 237, 243, 0.14)',
  palette: ['#58a6ff', '#ffa657', '#3fb950', '#d2a8ff', '#39c5cf', '#ff7b72'],
  limit: '#8b949e',
  other: '#6e7681',
  stepBand: 'rgba(230, 237, 243, 0.05)',
  stepLine: 'rgba(230, 237, 243, 0.30)',
  peakBand: 'rgba(63, 185, 80, 0.20)',
  peakText: '#56d364',
  drop: '#ff4d4f',
};

/** The theme for a name (light by default). */
export function chartTheme(name: ChartThemeName = 'light'): ChartTheme {
  return name === 'dark' ? DARK : LIGHT;
}
