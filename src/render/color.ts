/**
 * The one colour switch. Every coloured byte spm writes goes through a Palette made here, so
 * NO_COLOR / FORCE_COLOR / TTY are decided in one place and "colour off" means no ANSI at all.
 * The decision itself lives in color-switch.ts, which start-up can load without chalk.
 */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import { PLAIN_PALETTE, type Palette } from './color-switch.js';

export { colorLevel, isColorEnabled, PLAIN_PALETTE, type ColorSwitchOptions, type Palette } from './color-switch.js';

export function createPalette(color: boolean | ColorSupportLevel): Palette {
  const level: ColorSupportLevel = color === true ? 1 : color === false ? 0 : color;
  if (level === 0) return PLAIN_PALETTE;
  const chalk: ChalkInstance = new Chalk({ level });
  return {
    enabled: true,
    bold: (text) => chalk.bold(text),
    dim: (text) => chalk.dim(text),
    red: (text) => chalk.red(text),
    yellow: (text) => chalk.yellow(text),
  };
}
