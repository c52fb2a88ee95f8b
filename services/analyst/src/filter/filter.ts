/**
 * What an analyst narrows the tail to. Every criterion given must hold (AND); an empty
 * filter keeps everything. Works on alerts and decisions alike: both carry the card
 * token, terminal id and score.
 */
export interface Filter {
  card?: string;
  terminal?: string;
  /** Keep records with score >= this. */
  minScore?: number;
}

export interface Filterable {
  card_token: string;
  terminal_id: string;
  score: number;
}

export function matches(record: Filterable, filter: Filter): boolean {
  if (filter.card !== undefined && record.card_token !== filter.card) return false;
  if (filter.terminal !== undefined && record.terminal_id !== filter.terminal) return false;
  if (filter.minScore !== undefined && !(record.score >= filter.minScore)) return false;
  return true;
}
