// The search box's state: the text, the filters (a feeling, dates, a #tag), the tags to choose
// from and the results, asked for once the typing pauses, with only the newest answer shown.
// Only the search box and its results use it, so it lives apart from the diary, which only
// tells it when an entry goes away and clears it when the diary changes underneath.
import type { SearchHit } from '../bindings/SearchHit';
import type { Api, TagCount } from './api';
import type { TimerApi } from './autosave';
import { Delay } from './delay';
import { Latest } from './latest';
import { NO_FILTERS, buildSearchRequest, normalizeFilters, type SearchFilters, type SearchRequest } from './searchFilters';

export const SEARCH_DEBOUNCE_MS = 200;
export const SEARCH_LIMIT = 50;

export interface SearchOptions {
  api: Pick<Api, 'searchEntries' | 'tagCounts'>;
  timer: TimerApi;
  onError: (e: unknown) => void;
}

export class SearchState {
  query = $state('');
  filters = $state<SearchFilters>({ ...NO_FILTERS });
  /** The diary's #tags with their entry counts, most used first (for the tag filter). */
  tags = $state.raw<TagCount[]>([]);
  results = $state<SearchHit[] | null>(null);
  searching = $state(false);

  private readonly api: SearchOptions['api'];
  private readonly onError: (e: unknown) => void;
  private readonly debounce: Delay;
  private readonly latest = new Latest();
  private input: HTMLInputElement | null = null;

  constructor(options: SearchOptions) {
    this.api = options.api;
    this.onError = options.onError;
    this.debounce = new Delay(options.timer);
  }

  /** True while there is something to search for: text, or at least one filter. */
  get active(): boolean {
    return buildSearchRequest(this.query, this.filters, SEARCH_LIMIT) !== null;
  }

  register(el: HTMLInputElement | null): void {
    this.input = el;
  }

  focus(): void {
    this.input?.focus();
    this.input?.select();
  }

  setQuery(query: string): void {
    this.query = query;
    this.schedule();
  }

  /** Asks for the diary's tags (when the filters open; failures leave the list as it was). */
  async loadTags(): Promise<void> {
    try {
      this.tags = await this.api.tagCounts();
    } catch {
      /* the filter offers what it had */
    }
  }

  /** Sets some filters (emotion, from, to, tag; '' or null unsets) and searches again, debounced. */
  setFilters(patch: Partial<SearchFilters>): void {
    this.filters = normalizeFilters({ ...this.filters, ...patch });
    this.schedule();
  }

  clearFilters(): void {
    this.filters = { ...NO_FILTERS };
    this.schedule();
  }

  /** Clears the text and the filters. */
  clear(): void {
    this.query = '';
    this.filters = { ...NO_FILTERS };
    this.schedule();
  }

  /** An entry went away: it leaves the results. */
  forget(id: number): void {
    if (this.results) this.results = this.results.filter((h) => h.entry.id !== id);
  }

  private schedule(): void {
    this.debounce.clear();
    const request = buildSearchRequest(this.query, this.filters, SEARCH_LIMIT);
    if (!request) {
      this.latest.cancel();
      this.results = null;
      this.searching = false;
      return;
    }
    this.searching = true;
    this.debounce.set(() => void this.run(request), SEARCH_DEBOUNCE_MS);
  }

  private run(request: SearchRequest): Promise<void> {
    return this.latest.ask(
      () => this.api.searchEntries(request),
      (hits) => {
        this.results = hits;
        this.searching = false;
      },
      (e) => {
        this.results = [];
        this.onError(e);
        this.searching = false;
      },
    );
  }
}
