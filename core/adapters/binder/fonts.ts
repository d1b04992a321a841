import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The TrueType fonts the PDF embeds (PDF/A forbids the standard 14 fonts, which are never embedded):
 * DejaVu, from the `dejavu-fonts-ttf` package, so a fresh `npm ci` has them on any machine.
 */
export const BINDER_FONTS = {
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
} as const;
