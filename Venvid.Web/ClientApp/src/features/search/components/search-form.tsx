import { useEffect, useId, useRef, useState, type KeyboardEvent, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { personIcon, playBtnIcon, searchIcon } from '@/components/ui/icons';
import { useSuggestions } from '@/features/search/api/get-suggestions';
import type { Suggestion } from '@/types/api';

const DEBOUNCE_MS = 150;

/**
 * The header's search box: a combobox (WAI-ARIA 1.2 pattern) whose list completes what has been typed — channels,
 * then video titles — with ↑/↓ to move, Enter to open the highlighted one (or search the text), Escape to close.
 */
export function SearchForm() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = params.get('q') ?? '';
  const [value, setValue] = useState(current);
  // The box follows the URL's query when it changes (back/forward, a link to a search), without an extra render.
  const [shownQuery, setShownQuery] = useState(current);
  if (shownQuery !== current) {
    setShownQuery(current);
    setValue(current);
  }
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  // Ask for completions once typing pauses, not on every key.
  useEffect(() => {
    const q = value.trim();
    const timer = window.setTimeout(() => setTyped(q), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [value]);

  const suggestions = useSuggestions(open ? typed : '');
  const items = open && typed ? (suggestions.data?.items ?? []) : [];
  const expanded = items.length > 0;

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const go = (suggestion: Suggestion) => {
    close();
    inputRef.current?.blur();
    if (suggestion.kind === 'channel' && suggestion.username) void navigate(`/@${suggestion.username}`);
    else if (suggestion.videoId) void navigate(`/watch/${suggestion.videoId}`);
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = active >= 0 ? items[active] : undefined;
    if (chosen) {
      go(chosen);
      return;
    }
    const q = value.trim();
    close();
    if (q) void navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (items.length === 0) return;
      // -1 is the text box itself: moving past either end returns to what was typed.
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => {
        const next = index + step;
        return next >= items.length ? -1 : next < -1 ? items.length - 1 : next;
      });
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  };

  return (
    <form className="app-search flex-grow-1 mx-2 mx-md-4 position-relative" role="search" onSubmit={onSubmit}>
      <div className="input-group">
        <input
          ref={inputRef}
          type="search"
          className="form-control"
          placeholder="Search videos…"
          aria-label="Search"
          name="q"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
          enterKeyHint="search"
        />
        <button className="btn btn-outline-secondary" type="submit" title="Find videos">
          <Icon icon={searchIcon} />
          <span className="visually-hidden">Find videos</span>
        </button>
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className={`search-suggestions list-unstyled shadow rounded-3 border bg-body py-1 mb-0${expanded ? '' : ' d-none'}`}
        data-testid="search-suggestions"
      >
        {items.map((item, index) => (
          <li
            key={`${item.kind}:${item.videoId ?? item.username ?? item.text}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`search-suggestion px-3 py-2 text-truncate${index === active ? ' active' : ''}`}
            // Chosen on mousedown: the input's blur (which closes the list) comes before click.
            onMouseDown={(event) => {
              event.preventDefault();
              go(item);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <Icon icon={item.kind === 'channel' ? personIcon : playBtnIcon} className="me-2 text-body-secondary" />
            {item.text}
          </li>
        ))}
      </ul>
    </form>
  );
}
