/**
 * The colour decision and the colourless palette, without the colour library: a run whose
 * output is not coloured (piped, redirected, NO_COLOR) never loads chalk. color.ts builds the
 * coloured palette and re-exports everything here.
 */
import type { ColorSupportLevel } from 'chalk';

export interface ColorSwitchOptions {
  /** Usually `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether the stream being written is a terminal. */
  isTTY: boolean;
}

/**
 * Colour level for a stream:
 * 1. `NO_COLOR` set to any non-empty value → 0 (the user's opt-out wins over everything);
 * 2. `FORCE_COLOR`: `0`/`false` → 0; `1`, `2`, `3` → that level; empty or `true` → 1;
 *    any other value is ignored;
 * 3. otherwise 1 on a terminal, 0 when piped or redirected.
 */
export function colorLevel(options: ColorSwitchOptions): ColorSupportLevel {
  const noColor = options.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return 0;
  const force = options.env['FORCE_COLOR'];
  if (force !== undefined) {
    const value = force.trim().toLowerCase();
    if (value === '0' || value === 'false') return 0;
    if (value === '' || value === 'true' || value === '1') return 1;
    if (value === '2') return 2;
    if (value === '3') return 3;
  }
  return options.isTTY ? 1 : 0;
}

export function isColorEnabled(options: ColorSwitchOptions): boolean {
  return colorLevel(options) > 0;
}

/** The few styles spm uses. With colour off every function returns its input unchanged. */
export interface Palette {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const plain = (text: string): string => text;

/** The palette with colour off (what createPalette(false) gives). */
export const PLAIN_PALETTE: Palette = Object.freeze({ enabled: false, bold: plain, dim: plain, red: plain, yellow: plain });
