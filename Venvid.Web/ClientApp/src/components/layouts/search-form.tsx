import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { searchIcon } from '@/components/ui/icons';

export function SearchForm() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = params.get('q') ?? '';
  const [value, setValue] = useState(current);

  useEffect(() => {
    setValue(current);
  }, [current]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const q = value.trim();
    if (q) void navigate(`/search?q=${encodeURIComponent(q)}`);
  };

  return (
    <form className="app-search flex-grow-1 mx-2 mx-md-4" role="search" onSubmit={onSubmit}>
      <div className="input-group">
        <input
          type="search"
          className="form-control"
          placeholder="Search videos…"
          aria-label="Search"
          name="q"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          enterKeyHint="search"
        />
        <button className="btn btn-outline-secondary" type="submit" title="Find videos">
          <Icon icon={searchIcon} />
          <span className="visually-hidden">Find videos</span>
        </button>
      </div>
    </form>
  );
}
