// Korean particles (조사) that change with the word before them: 이/가, 을/를, 은/는, 과/와 and
// 으로/로. The first form follows a final consonant (받침), the second a vowel; 으로/로 takes 로
// after ㄹ as well ("서울로", "물로").

/** The particle pairs, written "after a consonant/after a vowel". */
export const JOSA_PAIRS = ['이/가', '을/를', '은/는', '과/와', '으로/로'] as const;
export type JosaPair = (typeof JOSA_PAIRS)[number];

export function isJosaPair(value: string): value is JosaPair {
  return (JOSA_PAIRS as readonly string[]).includes(value);
}

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The index of ㄹ among the final consonants (0 is none). */
const RIEUL = 8;

/** How a final sound ends: with no consonant, with ㄹ, or with another consonant. */
type Ending = 'vowel' | 'rieul' | 'consonant';

// Digits and Latin letters are read aloud in Korean: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a
// consonant; 2 이, 4 사, 5 오, 9 구 in a vowel. Of Latin letters, L (엘) and R (알) end
// in ㄹ and M (엠), N (엔) in another consonant; the others are read ending in a vowel (에이, 비,
// 에프, …).
const DIGIT_ENDINGS: Record<string, Ending> = {
  '0': 'consonant',
  '1': 'rieul',
  '2': 'vowel',
  '3': 'consonant',
  '4': 'vowel',
  '5': 'vowel',
  '6': 'consonant',
  '7': 'rieul',
  '8': 'rieul',
  '9': 'vowel',
};
const LATIN_ENDINGS: Record<string, Ending> = { l: 'rieul', r: 'rieul', m: 'consonant', n: 'consonant' };

/** The sound `word` ends with, ignoring trailing spaces, punctuation and closing brackets. */
function ending(word: string): Ending {
  const chars = [...word];
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i];
    const code = c.codePointAt(0)!;
    if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
      const final = (code - HANGUL_FIRST) % 28;
      if (final === 0) return 'vowel';
      return final === RIEUL ? 'rieul' : 'consonant';
    }
    // A number ending in 0 is read by its place (10 십, 100 백, 1000 천, 10000 만) or as 영:
    // a consonant other than ㄹ in every case.
    if (c >= '0' && c <= '9') return DIGIT_ENDINGS[c];
    if (/[a-z]/i.test(c)) return LATIN_ENDINGS[c.toLowerCase()] ?? 'vowel';
    if (/[\p{L}\p{N}]/u.test(c)) return 'vowel';
  }
  return 'vowel';
}

/** The particle of `pair` that belongs after `word` ("기쁨" + 이/가 → "이", "분노" → "가"). */
export function josaFor(word: string, pair: JosaPair): string {
  const [afterConsonant, afterVowel] = pair.split('/');
  const end = ending(word);
  if (pair === '으로/로') return end === 'consonant' ? afterConsonant : afterVowel;
  return end === 'vowel' ? afterVowel : afterConsonant;
}

/** `word` followed by the right particle of `pair` ("슬픔" + 을/를 → "슬픔을"). */
export function josa(word: string, pair: JosaPair): string {
  return word + josaFor(word, pair);
}
