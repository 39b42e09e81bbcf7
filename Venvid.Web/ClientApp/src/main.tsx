import 'bootstrap/dist/css/bootstrap.min.css';
import './styles.css';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { initialPageReady } from './app/router';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// Until then index.html's static header stands in for the app. As a transition, the first render is done in
// short slices that let the browser paint and respond in between, instead of one long task.
void initialPageReady.then(() =>
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }),
);
