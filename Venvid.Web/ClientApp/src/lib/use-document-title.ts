import { useEffect } from 'react';

/** Sets the tab title as "<page> – Venvid" (just "Venvid" for null). */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    document.title = title ? `${title} – Venvid` : 'Venvid';
  }, [title]);
}
