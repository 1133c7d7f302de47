import { describe, expect, it } from 'vitest';
import { pdfText } from '../../electron/report/pdf-text.ts';

// Expected runs are in visual order (left to right on the page). A run that fontkit reverses
// (an Arabic or Hebrew word) is written in its logical order, as fontkit shapes it from that.

describe('pdfText', () => {
  it('keeps Latin, Greek and Cyrillic', () => {
    expect(pdfText('Müller & Söhne')).toBe('Müller & Söhne');
    expect(pdfText('SRV-ΑΘΗΝΑ Бухгалтерия')).toBe('SRV-ΑΘΗΝΑ Бухгалтерия');
  });

  it('drops control characters', () => {
    expect(pdfText('Tab\there\u0001bell\u0007\u001b[31m\u007f end')).toBe('Tab\therebell[31m end');
  });

  it('orders Arabic words right to left', () => {
    expect(pdfText('شركة النسخ الاحتياطي')).toEqual([
      { text: 'الاحتياطي', font: 'NotoNaskhArabic' },
      { text: ' ' },
      { text: 'النسخ', font: 'NotoNaskhArabic' },
      { text: ' ' },
      { text: 'شركة', font: 'NotoNaskhArabic' },
    ]);
  });

  it('puts a number after Arabic on its left', () => {
    // "#" resolves to right-to-left between the Arabic letters and the Arabic number "2".
    expect(pdfText('شركة #2')).toEqual([{ text: '2# ' }, { text: 'شركة', font: 'NotoNaskhArabic' }]);
  });

  it('mirrors brackets in Hebrew', () => {
    expect(pdfText('שלום (עולם) 12')).toEqual([
      { text: '12 (' },
      { text: 'עולם', font: 'NotoSansHebrew' },
      { text: ') ' },
      { text: 'שלום', font: 'NotoSansHebrew' },
    ]);
  });

  it('keeps a Latin name first', () => {
    expect(pdfText('Acme شركة النسخ')).toEqual([
      { text: 'Acme ' },
      { text: 'النسخ', font: 'NotoNaskhArabic' },
      { text: ' ' },
      { text: 'شركة', font: 'NotoNaskhArabic' },
    ]);
  });

  it('prints emoji in Noto Emoji', () => {
    expect(pdfText('👨‍👩‍👧‍👦 Family Backups 🚀💾')).toEqual([
      { text: '👨‍👩‍👧‍👦', font: 'NotoEmoji' },
      { text: ' Family Backups ' },
      { text: '🚀💾', font: 'NotoEmoji' },
    ]);
  });

  it('replaces letters no font has', () => {
    expect(pdfText('中文-PC')).toEqual([{ text: '\uFFFD\uFFFD-PC' }]);
  });

  it('ignores a right-to-left override', () => {
    expect(pdfText('\u202Egnp.exe Invoice')).toBe('gnp.exe Invoice');
  });

  it('drops bidi marks', () => {
    expect(pdfText('a\u200eb\u2066c\u2069')).toEqual([{ text: 'abc' }]);
  });
});
