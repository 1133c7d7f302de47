// The fonts the PDF export embeds, and which of them prints a character. Roboto (from pdfmake)
// covers Latin, Greek and Cyrillic; Noto Naskh Arabic, Noto Sans Hebrew and the monochrome Noto
// Emoji cover what Roboto lacks. pdfkit embeds only the glyphs a document uses.
// Noto Naskh rather than Noto Sans Arabic: Noto Sans Arabic draws some letters as a shared
// dotless shape plus dots, so text copied from the PDF confused yeh and teh.
// NOTE: no CJK, Thai or Indic font is embedded, because a Noto CJK font takes several megabytes
// per script and weight. Those letters print as U+FFFD.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type FontFamily = 'Roboto' | 'NotoNaskhArabic' | 'NotoSansHebrew' | 'NotoEmoji';

/** Families in the order they are tried for a character; Roboto first, so digits and punctuation keep its look. */
export const FALLBACK_ORDER: readonly FontFamily[] = ['Roboto', 'NotoNaskhArabic', 'NotoSansHebrew', 'NotoEmoji'];

/** Printed in Roboto for a character that no embedded font has. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

type Faces = { normal: string; bold: string; italics: string; bolditalics: string };

/** Returns the path of a font file of an @embedpdf/fonts-* package, whose exports name only its script. */
function embedpdfFont(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`@embedpdf/${pkg}`)), '..', 'fonts', file);
}

const EMOJI = require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf');

/** The font files of each family; pdfmake uses Medium as Roboto's bold face. */
const FONT_FILES: Record<FontFamily, Faces> = {
  Roboto: {
    normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
    bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
    italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
    bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
  },
  NotoNaskhArabic: uprightFaces(embedpdfFont('fonts-arabic', 'NotoNaskhArabic-Regular.ttf'), embedpdfFont('fonts-arabic', 'NotoNaskhArabic-Bold.ttf')),
  NotoSansHebrew: uprightFaces(embedpdfFont('fonts-hebrew', 'NotoSansHebrew-Regular.ttf'), embedpdfFont('fonts-hebrew', 'NotoSansHebrew-Bold.ttf')),
  // One face for all styles: bold emoji are not worth a second 900 KB file.
  NotoEmoji: uprightFaces(EMOJI, EMOJI),
};

/** Scripts without italic letters print upright in italic text. */
function uprightFaces(normal: string, bold: string): Faces {
  return { normal, bold, italics: normal, bolditalics: bold };
}

/** The part of fontkit's font object used here (fontkit ships no types). */
type FontkitFont = { characterSet: number[] };
type Fontkit = { create(buffer: Uint8Array): FontkitFont };

/** A virtual file system to put the font files in: pdfmake's own, which it reads fonts from. */
export type FontFileSystem = { writeFileSync(name: string, content: Buffer): void };

let fontBytes: Map<string, Buffer> | null = null;
let coverage: Map<FontFamily, Set<number>> | null = null;

/** Reads every font file once per process; throws naming the file that cannot be read. */
export function loadFontBytes(): Map<string, Buffer> {
  if (fontBytes === null) {
    const bytes = new Map<string, Buffer>();
    for (const faces of Object.values(FONT_FILES)) {
      for (const file of Object.values(faces)) if (!bytes.has(file)) bytes.set(file, readFontFile(file));
    }
    fontBytes = bytes;
  }
  return fontBytes;
}

function readFontFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`Cannot read the PDF font file ${file} (${code}): run npm install again, or reinstall the app.`, { cause: error });
  }
}

/** Name of a font file in pdfmake's virtual file system. */
function virtualName(file: string): string {
  return `report-fonts/${file.split(/[\\/]/).pop()}`;
}

const written = new WeakSet<object>();

/**
 * Puts the font files into pdfmake's virtual file system (once per process) and returns the
 * font table for `pdfmake.setFonts`, which names those virtual files.
 */
export function embeddedFonts(fileSystem: FontFileSystem): Record<FontFamily, Faces> {
  if (!written.has(fileSystem)) {
    for (const [file, content] of loadFontBytes()) fileSystem.writeFileSync(virtualName(file), content);
    written.add(fileSystem);
  }
  const table = {} as Record<FontFamily, Faces>;
  for (const family of FALLBACK_ORDER) {
    const faces = FONT_FILES[family];
    table[family] = {
      normal: virtualName(faces.normal),
      bold: virtualName(faces.bold),
      italics: virtualName(faces.italics),
      bolditalics: virtualName(faces.bolditalics),
    };
  }
  return table;
}

/**
 * Paths of the font files on disk. pdfmake here reads the copies in its virtual file system, but
 * the pdfmake module is shared by the process, and other code that renders with it may name them.
 */
export function fontFilePaths(): Set<string> {
  return new Set(Object.values(FONT_FILES).flatMap((faces) => Object.values(faces)));
}

/** Returns the code points each family's regular face has a glyph for, reading them once per process. */
function familyCoverage(): Map<FontFamily, Set<number>> {
  if (coverage === null) {
    const fontkit = require('fontkit') as Fontkit;
    const bytes = loadFontBytes();
    coverage = new Map(FALLBACK_ORDER.map((family) => [family, new Set(fontkit.create(bytes.get(FONT_FILES[family].normal)!).characterSet)]));
  }
  return coverage;
}

/** True when Roboto has a glyph for `codePoint`. */
export function robotoHas(codePoint: number): boolean {
  return familyCoverage().get('Roboto')!.has(codePoint);
}

/**
 * Characters that show nothing themselves (joiners, variation selectors, tags): a font without
 * them still prints the characters around them, so they never decide the font.
 */
const INVISIBLE = /^[\u200b-\u200d\u2060\ufe00-\ufe0f\u{e0000}-\u{e007f}]$/u;

/**
 * Returns the first family that has every visible character of `cluster` (one grapheme), or
 * null when none has. `cluster` must not contain bidirectional controls.
 */
export function familyFor(cluster: string): FontFamily | null {
  const fonts = familyCoverage();
  const visible = [...cluster].filter((char) => !INVISIBLE.test(char)).map((char) => char.codePointAt(0)!);
  if (visible.length === 0) return 'Roboto';
  return FALLBACK_ORDER.find((family) => visible.every((codePoint) => fonts.get(family)!.has(codePoint))) ?? null;
}

/** Drops the invisible characters of `cluster` that `family` has no glyph for, so they print as nothing rather than as a box. */
export function withoutMissingInvisibles(cluster: string, family: FontFamily): string {
  const font = familyCoverage().get(family)!;
  return [...cluster].filter((char) => !INVISIBLE.test(char) || font.has(char.codePointAt(0)!)).join('');
}
