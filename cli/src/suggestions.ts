/** Edits between two words (insert, delete, replace, or swap two neighbours), ignoring case. */
export function editDistance(from: string, to: string): number {
  const a = from.toLowerCase();
  const b = to.toLowerCase();
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * What a mistyped word most likely meant: a candidate it starts (`perm` for `permissions`), else the nearest
 * one within a third of the longer word's length in edits (at least one). Ties go to the earlier candidate.
 */
export function closestMatch<Candidate>(
  typed: string,
  candidates: readonly Candidate[],
  wordOf: (candidate: Candidate) => string,
): Candidate | undefined {
  let best: { candidate: Candidate; score: number } | undefined;
  for (const candidate of candidates) {
    const word = wordOf(candidate);
    const prefix = typed.length >= 3 && word.toLowerCase().startsWith(typed.toLowerCase());
    const distance = editDistance(typed, word);
    const allowed = Math.max(1, Math.floor(Math.max(typed.length, word.length) / 3));
    const score = prefix ? 0 : distance;
    if ((prefix || distance <= allowed) && (best === undefined || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}
