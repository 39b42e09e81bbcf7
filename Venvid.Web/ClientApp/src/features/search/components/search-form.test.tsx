import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';
import { SearchForm } from './search-form';

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderSearch() {
  return renderWithProviders(
    <>
      <SearchForm />
      <Routes>
        <Route path="*" element={<Location />} />
      </Routes>
    </>,
  );
}

const suggestions = {
  items: [
    { kind: 'channel', text: 'Mandel Studios', videoId: null, username: 'mandel' },
    { kind: 'video', text: 'Mandelbrot zoom, 1080p', videoId: 'v1', username: null },
  ],
};

describe('the header search box', () => {
  it('suggests as one types (once typing pauses), moves with the arrow keys and opens the highlighted one', async () => {
    const calls = mockFetch({ 'GET /api/search/suggestions': () => json(suggestions) });
    renderSearch();
    const box = screen.getByRole('combobox', { name: 'Search' });

    await userEvent.type(box, 'Mandel');
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Mandel Studios', 'Mandelbrot zoom, 1080p']);
    // Debounced: one request for the whole word, not one per letter.
    expect(calls.map((call) => call.url.searchParams.get('q'))).toEqual(['Mandel']);
    expect(calls[0]?.headers.get('Authorization')).toBeNull();

    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    const second = options[1];
    if (!second) throw new Error('no second option');
    expect(box).toHaveAttribute('aria-activedescendant', second.id);
    expect(second).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('location')).toHaveTextContent('/watch/v1');
  });

  it('searches the typed text on Enter when nothing is highlighted, and Escape closes the list', async () => {
    mockFetch({ 'GET /api/search/suggestions': () => json(suggestions) });
    renderSearch();
    const box = screen.getByRole('combobox', { name: 'Search' });

    await userEvent.type(box, 'mandel zoom');
    await screen.findAllByRole('option');
    // Past the last suggestion the highlight returns to the text box.
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(box).not.toHaveAttribute('aria-activedescendant');
    await userEvent.keyboard('{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveValue('mandel zoom');
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('location')).toHaveTextContent('/search?q=mandel%20zoom');
  });
});
