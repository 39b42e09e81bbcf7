import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Icon } from './icon';
import { playFillIcon, searchIcon } from './icons';

describe('Icon', () => {
  it('renders the icon inline, hidden from assistive technology, sized by the font', () => {
    const { container } = render(<Icon icon={playFillIcon} className="fs-4 me-2" />);
    const svg = container.querySelector('svg');
    expect(svg).toHaveAttribute('aria-hidden', 'true');
    expect(svg).toHaveAttribute('focusable', 'false');
    expect(svg).toHaveAttribute('width', '1em');
    expect(svg).toHaveAttribute('height', '1em');
    expect(svg).toHaveAttribute('fill', 'currentColor');
    expect(svg).toHaveAttribute('viewBox', '0 0 16 16');
    expect(svg).toHaveClass('icon', 'fs-4', 'me-2');
    expect(svg?.querySelector('path')?.getAttribute('d')).toMatch(/^[Mm][\d.-]/);
  });

  it('is an image with a name when it carries meaning alone', () => {
    const { getByRole } = render(<Icon icon={searchIcon} label="Search" />);
    expect(getByRole('img', { name: 'Search' })).not.toHaveAttribute('aria-hidden');
  });

  it('bundles the data of the icon files, not the font', () => {
    expect(playFillIcon.body).toContain('<path');
    expect(playFillIcon.body).not.toContain('<svg');
    expect(searchIcon.body).not.toBe(playFillIcon.body);
  });
});
