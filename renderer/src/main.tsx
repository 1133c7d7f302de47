import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { AppProvider } from './app/context.tsx';
import { getBridge } from './bridge/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  let content;
  try {
    const bridge = getBridge();
    content = (
      <AppProvider bridge={bridge}>
        <App />
      </AppProvider>
    );
  } catch (error) {
    content = (
      <div className="first-run banner error" role="alert">
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </div>
    );
  }
  createRoot(root).render(<StrictMode>{content}</StrictMode>);
}
