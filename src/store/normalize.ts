// Normalisation of names as people type them: one comparable key per spelling (case, diacritics,
// punctuation, Arabic letter forms folded away), the key without a leading Arabic article, and a
// looser transliteration skeleton that only the fuzzy suggestion path uses.

// Apostrophes and the marks transliterations use for ʿayn and hamza vanish rather than split a
// word (Hay'at = Hayat), so they go before NFKD turns some of them into a space plus a mark.
const APOSTROPHES = /['`´‘’‛ʹʻʼʽʾʿˈ′ꞌ]/g;
const COMBINING_MARKS = /\p{M}/gu;
// Tatweel only stretches a word for display.
const TATWEEL = /\u0640/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

// NFKD already splits hamza and madda off the alef forms (أ إ آ), ؤ and ئ; these letters have
// no decomposition and are folded by hand.
const ARABIC_FOLDS: Record<string, string> = {
  ٱ: "ا", // alef wasla
  ة: "ه", // taa marbuta
  ى: "ي", // alef maqsura
  ی: "ي", // Persian yeh
  ک: "ك", // Persian keheh
};
const ARABIC_FOLDABLE = /[ٱةىیک]/g;

/** Controls and invisible format characters (NUL, bidi overrides, zero-width): never part of a name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000e-\u001f\u007f-\u009f]/gu;

/**
 * The comparable key of a name: lowercase, no diacritics or tashkeel, apostrophes and ʿayn/hamza
 * marks dropped, any other run of punctuation, hyphens or spaces as one space, trimmed.
 */
export function normalizeName(text: string): string {
  return text
    .replace(INVISIBLE, "")
    .replace(APOSTROPHES, "")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .replace(TATWEEL, "")
    .toLowerCase()
    .replace(ARABIC_FOLDABLE, (letter) => ARABIC_FOLDS[letter] ?? letter)
    .replace(NOT_LETTER_OR_DIGIT, " ")
    .trim();
}

// Transliterations of the Arabic article, sun-letter assimilations included (as-Suwayda,
// ar-Raqqa, at-Tanf), as a first word of its own; and the Arabic article joined to its word.
const LATIN_ARTICLE = /^(?:al|el|ad|adh|an|ar|as|ash|at|ath|az) (?=\S)/;
const ARABIC_ARTICLE = /^ال(?=\p{L}{2})/u;

/** A normalised key without its leading article ("al bab" -> "bab", "الباب" -> "باب"). */
export function stripArticle(key: string): string {
  return key.replace(LATIN_ARTICLE, "").replace(ARABIC_ARTICLE, "");
}

/**
 * A looser form of a normalised key for fuzzy matching only: common transliteration variants
 * folded (ou/u, q/k, e/i), doubled letters single, spaces gone (Saraqeb, Sarakib -> sarakib).
 */
export function skeletonOf(key: string): string {
  return key
    .replace(/ou/g, "u")
    .replace(/q/g, "k")
    .replace(/e/g, "i")
    .replace(/ /g, "")
    .replace(/(.)\1+/gu, "$1");
}
