/**
 * The one colour switch. Every coloured byte spm writes goes through a Palette made here, so
 * NO_COLOR / FORCE_COLOR / TTY are decided in one place and "colour off" means no ANSI at all.
 */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

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

export function createPalette(color: boolean | ColorSupportLevel): Palette {
  const level: ColorSupportLevel = color === true ? 1 : color === false ? 0 : color;
  const chalk: ChalkInstance = new Chalk({ level });
  const enabled = level > 0;
  const plain = (text: string): string => text;
  return {
    enabled,
    bold: enabled ? (text) => chalk.bold(text) : plain,
    dim: enabled ? (text) => chalk.dim(text) : plain,
    red: enabled ? (text) => chalk.red(text) : plain,
    yellow: enabled ? (text) => chalk.yellow(text) : plain,
  };
}
