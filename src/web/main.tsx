import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppProvider } from './app/provider.js';
import { createRoutes } from './app/router.js';
import { createQueryClient } from './lib/query-client.js';
import './app/base.css';
import './components/ui/ui.css';

const queryClient = createQueryClient();
const router = createBrowserRouter(createRoutes(queryClient));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  </StrictMode>,
);
