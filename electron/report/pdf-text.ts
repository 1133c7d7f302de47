// Turns user-supplied text (client, site, device and MSP names) into pdfmake text runs: each run
// in a font that has its characters, right-to-left text in visual order, characters no font
// has shown as U+FFFD, control characters left out.
//
// pdfkit lays out each space-separated word with fontkit, which shapes it (Arabic joining
// forms). fontkit reverses the glyphs of a word whose first letter belongs to a right-to-left
// script, but nothing reorders words or runs. So the runs are put in visual order here, with
// the Unicode bidirectional algorithm, and a run that fontkit will reverse is handed over in
// reverse (for Arabic and Hebrew words that is their logical order, which shaping needs).
//
// NOTE: the order is computed for the whole text, before pdfmake wraps it: right-to-left text
// that wraps onto a second line shows its lines in the wrong order. Names rarely wrap.

import { createRequire } from 'node:module';
import type { Bidi, BidiCharTypeName } from 'bidi-js';
import { familyFor, REPLACEMENT_CHARACTER, robotoHas, withoutMissingInvisibles, type FontFamily } from './fonts.ts';

/** A piece of pdfmake inline text; without `font`, it prints in the surrounding font (Roboto). */
export type TextRun = { text: string; font?: FontFamily };

// bidi-js is CommonJS whose module.exports is the factory; its types declare a default export.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Control characters, which print nothing; a tab stays, as pdfkit treats it as a space. */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** Bidirectional marks, embeddings, overrides and isolates: they order the text but print nothing. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Text that may need reordering or another font: right-to-left letters, bidi controls, or any character outside the BMP. */
const NEEDS_WORK = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** The right-to-left scripts fontkit reverses a word for: the first letter that is in a script decides. */
const RTL_SCRIPT =
  /\p{sc=Arabic}|\p{sc=Hebrew}|\p{sc=Syriac}|\p{sc=Thaana}|\p{sc=Cypriot}|\p{sc=Kharoshthi}|\p{sc=Phoenician}|\p{sc=Nko}|\p{sc=Lydian}|\p{sc=Avestan}|\p{sc=Imperial_Aramaic}|\p{sc=Inscriptional_Pahlavi}|\p{sc=Inscriptional_Parthian}|\p{sc=Old_South_Arabian}|\p{sc=Old_Turkic}|\p{sc=Samaritan}|\p{sc=Mandaic}|\p{sc=Meroitic_Cursive}|\p{sc=Meroitic_Hieroglyphs}|\p{sc=Manichaean}|\p{sc=Mende_Kikakui}|\p{sc=Nabataean}|\p{sc=Old_North_Arabian}|\p{sc=Palmyrene}|\p{sc=Psalter_Pahlavi}/u;
const IN_A_SCRIPT = /[^\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}]/u;

/**
 * bidi-js reads one UTF-16 unit at a time, so a character outside the BMP is replaced, for
 * the level computation only, by two BMP characters of the same bidirectional type.
 */
const BMP_OF_TYPE: Partial<Record<BidiCharTypeName, string>> = {
  L: 'a',
  R: '\u05d0',
  AL: '\u0627',
  EN: '0',
  AN: '\u0660',
  NSM: '\u0300',
  BN: '\u200b',
  WS: ' ',
  ON: '!',
};

function bidiInput(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, (pair) => {
    const stand = BMP_OF_TYPE[bidi.getBidiCharTypeName(pair)] ?? '!';
    return stand + stand;
  });
}

/** True when fontkit lays out `cluster` right to left. */
function fontkitReverses(cluster: string): boolean {
  const letter = IN_A_SCRIPT.exec(cluster)?.[0];
  return letter !== undefined && RTL_SCRIPT.test(letter);
}

type Cluster = { text: string; family: FontFamily; reversed: boolean; space: boolean };

/** Returns the grapheme clusters of `text` in visual order, without bidi controls, each with the font that prints it. */
function visualClusters(text: string): Cluster[] {
  const input = bidiInput(text);
  const levels = bidi.getEmbeddingLevels(input, 'auto');
  const order = bidi.getReorderedIndices(input, levels);
  const segments = [...graphemes.segment(text)];
  const clusterAt = new Int32Array(text.length);
  segments.forEach((segment, id) => clusterAt.fill(id, segment.index, segment.index + segment.segment.length));

  const clusters: Cluster[] = [];
  const placed = new Set<number>();
  for (const index of order) {
    const id = clusterAt[index]!;
    if (placed.has(id)) continue;
    placed.add(id);
    const segment = segments[id]!;
    let cluster = segment.segment.replace(BIDI_CONTROLS, '');
    if (cluster === '') continue;
    if (/^\s+$/u.test(cluster)) {
      clusters.push({ text: cluster, family: 'Roboto', reversed: false, space: true });
      continue;
    }
    if (levels.levels[segment.index]! % 2 === 1 && [...cluster].length === 1) cluster = bidi.getMirroredCharacter(cluster) ?? cluster;
    const family = familyFor(cluster);
    if (family === null) {
      clusters.push({ text: REPLACEMENT_CHARACTER, family: 'Roboto', reversed: false, space: false });
      continue;
    }
    const printed = withoutMissingInvisibles(cluster, family);
    clusters.push({ text: printed, family, reversed: fontkitReverses(printed), space: false });
  }
  return clusters;
}

/**
 * Joins clusters in visual order into runs: one font per run, and a run that fontkit reverses
 * contains one word, handed over in reverse so that fontkit's reversal shows it in visual order.
 */
function runsOf(clusters: Cluster[]): TextRun[] {
  const runs: TextRun[] = [];
  let group: Cluster[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const ordered = first.reversed ? [...group].reverse() : group;
    const text = ordered.map((cluster) => cluster.text).join('');
    runs.push(first.family === 'Roboto' ? { text } : { text, font: first.family });
    group = [];
  };
  for (const cluster of clusters) {
    const last = group.at(-1);
    const joins = last !== undefined && last.family === cluster.family && last.reversed === cluster.reversed && !(cluster.reversed && last.space) && !(last.reversed && cluster.space);
    if (!joins) flush();
    group.push(cluster);
  }
  flush();
  return runs;
}

/** True when `text` prints as it is: Roboto has every character and nothing needs reordering. */
function printsAsIs(text: string): boolean {
  if (NEEDS_WORK.test(text)) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 0x09 && !robotoHas(code)) return false;
  }
  return true;
}

/**
 * Directional overrides, embeddings and isolates. A right-to-left override can disguise a name
 * (`\u202Egnp.exe` shows as `exe.png`), so reports drop them and print names in stored order.
 */
const DIRECTION_OVERRIDES = /[\u202a-\u202e\u2066-\u2069]/gu;

const cache = new Map<string, string | TextRun[]>();
const CACHE_LIMIT = 10_000;

/**
 * Returns user-supplied `text` as pdfmake inline text: the text itself when Roboto prints it as
 * it is, otherwise runs in visual order, each in a font that has its characters. The text is
 * one isolated paragraph whose direction comes from its first strong letter.
 */
export function pdfText(text: string): string | TextRun[] {
  const known = cache.get(text);
  if (known !== undefined) return copied(known);
  const cleaned = text.replace(CONTROLS, '').replace(DIRECTION_OVERRIDES, '');
  const result = printsAsIs(cleaned) ? cleaned : runsOf(visualClusters(cleaned));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return copied(result);
}

/** pdfmake adds its layout data to the runs it is given, so each call returns fresh runs. */
function copied(text: string | TextRun[]): string | TextRun[] {
  return typeof text === 'string' ? text : text.map((run) => ({ ...run }));
}
